package io.jenkins.plugins.cdpipelines.steps;

import hudson.EnvVars;
import hudson.model.Run;
import io.cdpipelines.engine.CdEngine;
import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.ImageDigest;
import io.cdpipelines.model.Trigger;
import io.cdpipelines.promotion.Approval;
import io.cdpipelines.promotion.PromotionRequest;
import io.jenkins.plugins.cdpipelines.build.BuildRecordAction;

import java.io.Serial;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a step asks to promote — the options {@code promoteImage} and {@code previewPromotion} share — and the core
 * request it makes for a target. Kept with a waiting step's execution, so it is serializable.
 */
final class PromotionAsk implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private final String from;
    private final String pipeline;
    private final String component;
    private final String revision;
    private final String digest;
    private final LinkedHashMap<String, String> variables;

    PromotionAsk(String from, String pipeline, String component, String revision, String digest,
                 Map<String, String> variables) {
        this.from = from;
        this.pipeline = pipeline;
        this.component = component;
        this.revision = revision;
        this.digest = digest;
        this.variables = new LinkedHashMap<>(variables);
    }

    String component() {
        return component;
    }

    /** The promotion into {@code target}, by the build's user, automatic, with the approvals given. */
    PromotionRequest request(Run<?, ?> run, EnvVars environment, String target, Optional<Approval> approval) {
        JobCoordinates job = JobCoordinates.of(run, environment, component, null);
        return PromotionRequest.of(job.project(), job.component(), target)
                .from(from).inPipeline(pipeline)
                .digest(digest == null || digest.isBlank() ? null : ImageDigest.of(digest.trim()))
                .revision(revisionOf(run, job))
                .configuration(new Configuration(variables, Map.of(), Map.of()))
                .by(job.requestedBy(), Trigger.AUTOMATIC).approvals(approval.map(List::of).orElse(List.of()))
                .build(job.buildReference());
    }

    /** What the promotion into {@code target} would change, in lines; a refusal by the rules throws. */
    List<String> preview(CdEngine engine, Run<?, ?> run, EnvVars environment, String target) {
        return engine.preview(request(run, environment, target, Optional.empty())).describe();
    }

    /** This build's recorded release, unless the step names a revision or a digest. */
    private String revisionOf(Run<?, ?> run, JobCoordinates job) {
        if (revision != null && !revision.isBlank()) {
            return revision;
        }
        if (digest != null && !digest.isBlank()) {
            return null;
        }
        BuildRecordAction record = run.getAction(BuildRecordAction.class);
        if (record != null && record.getRelease() != null
                && record.getRelease().getComponent().equals(job.component())) {
            return record.getRelease().getRevision();
        }
        return null;
    }
}
