package io.cdpipelines.cli.console;

import java.util.List;

/**
 * The console's page: the deploy view's bundle mounted on a {@code <div>} whose {@code data-*} attributes say where
 * the API is and which project to show (the plugin's Jelly page mounts the same bundle the same way). Text from the
 * organization is escaped.
 */
final class ConsolePage {
    private ConsolePage() {
    }

    static String html(ConsoleUser user, List<String> projects, String project) {
        StringBuilder picker = new StringBuilder();
        for (String name : projects) {
            picker.append("<a href=\"/?project=").append(escape(java.net.URLEncoder.encode(name,
                    java.nio.charset.StandardCharsets.UTF_8))).append("\"").append(name.equals(project)
                    ? " aria-current=\"page\"" : "").append(">").append(escape(name)).append("</a>");
        }
        String main = project == null
                ? "<p class=\"cdp-empty\">The organization names no project yet: attach pipelines to a project in its "
                + "configuration (projects:), then record a release.</p>"
                : "<div id=\"cdp-deploy-view\" data-api=\"/api/v1\" data-project=\"" + escape(project) + "\"></div>";
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>%s · CD Pipelines</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <meta name="color-scheme" content="light dark">
                <link rel="stylesheet" href="/static/deploy-view.css">
                <style>
                  body { margin: 0; background: #f6f8fa; font: 14px/1.45 system-ui, sans-serif; color: #1f2328; }
                  .cdp-bar { display: flex; align-items: center; gap: 20px; padding: 10px 24px; background: #24292f; color: #fff; }
                  .cdp-bar strong { font-size: 15px; } .cdp-bar nav { display: flex; gap: 12px; flex: 1; }
                  .cdp-bar a { color: #d1d9e0; text-decoration: none; } .cdp-bar a[aria-current] { color: #fff; font-weight: 600; }
                  .cdp-bar .cdp-user { color: #d1d9e0; } main { padding: 20px 24px; }
                  @media (prefers-color-scheme: dark) { body { background: #0d1117; color: #e6edf3; }
                    .cdp-bar { background: #010409; } }
                </style></head>
                <body><header class="cdp-bar"><strong>CD Pipelines</strong><nav aria-label="Projects">%s</nav>
                <span class="cdp-user">%s</span></header>
                <main>%s</main>
                <script type="module" src="/static/deploy-view.js"></script>
                </body></html>
                """.formatted(project == null ? "Console" : escape(project), picker, escape(user.name()), main);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
