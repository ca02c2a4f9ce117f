package io.cdpipelines.cli;

import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.ImageDigest;
import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.Trigger;
import io.cdpipelines.promotion.Approval;
import io.cdpipelines.promotion.PromotionRequest;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The options that describe a promotion, shared by {@code promote} and {@code preview}. */
final class PromotionOptions {
    @Option(names = "--project", required = true, description = "the project (folder path)")
    String project;
    @Option(names = "--component", required = true, description = "the component")
    String component;
    @Option(names = "--from", description = "the source environment (default: the target's source in the pipeline)")
    String from;
    @Option(names = "--pipeline", description = "the pipeline (default: the project's default, else the first "
            + "attached one that includes the target)")
    String pipeline;
    @Option(names = "--digest", description = "the release, by digest (default: what runs healthy in the source)")
    String digest;
    @Option(names = "--revision", description = "the release, by revision")
    String revision;
    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "a variable for this promotion only; repeatable")
    List<String> variables = new ArrayList<>();
    @Option(names = "--by", description = "who asks (default: $USER)")
    String by;
    @Option(names = "--approved-by", paramLabel = "USER[:GROUP,...]",
            description = "an approval, with the approver's groups; repeatable")
    List<String> approvals = new ArrayList<>();
    @Option(names = "--automatic", description = "the promotion is automation (it never overrides a rollback)")
    boolean automatic;
    @Option(names = "--build", defaultValue = "", description = "a link to the build that asks")
    String build;

    PromotionRequest request(String target) {
        Map<String, String> call = new LinkedHashMap<>();
        for (String pair : variables) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new InvalidInputException("--set", "\"" + pair + "\" is not NAME=VALUE");
            }
            call.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        List<Approval> given = new ArrayList<>();
        for (String approval : approvals) {
            String[] parts = approval.split(":", 2);
            given.add(new Approval(parts[0], parts.length > 1 ? Set.of(parts[1].split(",")) : Set.of(), Instant.now()));
        }
        return PromotionRequest.of(project, component, target).from(from).inPipeline(pipeline)
                .digest(digest == null ? null : ImageDigest.of(digest)).revision(revision)
                .configuration(new Configuration(call, Map.of(), Map.of()))
                .by(WorkspaceCommand.user(by), automatic ? Trigger.AUTOMATIC : Trigger.MANUAL)
                .approvals(given).build(build);
    }
}
