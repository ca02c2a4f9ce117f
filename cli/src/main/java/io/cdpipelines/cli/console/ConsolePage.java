package io.cdpipelines.cli.console;

/**
 * The console's start page until its frontend is served here: who is signed in and where the API is. The text is
 * escaped: a user name comes from the users file.
 */
final class ConsolePage {
    private ConsolePage() {
    }

    static String html(ConsoleUser user) {
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>CD Pipelines console</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <style>
                  :root { --text-color: #1f2328; --background: #f6f8fa; --card-background: #fff; --accent-color: #0969da; }
                  body { font: 15px/1.5 system-ui, sans-serif; color: var(--text-color); background: var(--background);
                         margin: 0; padding: 48px 24px; }
                  main { max-width: 720px; margin: 0 auto; background: var(--card-background); border-radius: 10px;
                         padding: 28px 32px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
                  h1 { font-size: 22px; margin: 0 0 8px; } code { background: #eef1f4; padding: 1px 5px; border-radius: 4px; }
                  a { color: var(--accent-color); } li { margin: 4px 0; }
                </style></head>
                <body><main>
                <h1>CD Pipelines console</h1>
                <p>Signed in as <strong>%s</strong>.</p>
                <p>The deploy view's screens are not served by this version yet. Its API answers here, as JSON:</p>
                <ul>
                  <li><a href="/api/v1/projects"><code>GET /api/v1/projects</code></a>: the projects</li>
                  <li><code>GET /api/v1/view?project=P</code>: a project's deploy view</li>
                  <li><code>POST /api/v1/preview</code>, <code>/promote</code>, <code>/rollback</code>: the actions</li>
                </ul>
                <p>See <code>docs/console.md</code>.</p>
                </main></body></html>
                """.formatted(escape(user.name()));
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
