package io.cdpipelines.cli;

import io.cdpipelines.engine.Preview;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a promotion would change, before it happens; nothing is deployed or recorded. */
@Command(name = "preview", mixinStandardHelpOptions = true,
        description = "Show what a promotion would change: the digest, the configuration keys added, changed and "
                + "removed (never secret values), and the objects. Refusals are reported as the promotion would be.",
        footer = {"", "Example:", "  cdp preview --project shop --component cart --to production"})
final class PreviewCommand extends WorkspaceCommand {
    @Mixin
    PromotionOptions promotion;

    @Option(names = "--to", required = true, paramLabel = "ENVIRONMENT",
            description = "the environment a promotion would deploy to")
    String target;

    @Override
    int run(Workspace workspace, Output output) {
        Preview preview = workspace.engine.preview(promotion.request(target));
        if (output.json()) {
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("environment", target);
            view.put("pipeline", preview.decision().pipeline());
            view.put("source", preview.decision().source().orElse(null));
            view.put("from", preview.running().map(d -> d.image().toString()).orElse(null));
            view.put("to", preview.decision().release().image().toString());
            view.put("added", preview.configuration().added());
            view.put("changed", preview.configuration().changed());
            view.put("removed", preview.configuration().removed());
            view.put("objects", preview.objects());
            view.put("gates", preview.gates());
            output.json(view);
            return ExitCodes.SUCCESS;
        }
        PrintWriter out = spec.commandLine().getOut();
        preview.describe().forEach(out::println);
        out.flush();
        return ExitCodes.SUCCESS;
    }
}
