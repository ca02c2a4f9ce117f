package io.cdpipelines.promotion;

import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.ImageDigest;
import io.cdpipelines.model.Names;
import io.cdpipelines.model.Trigger;

import java.util.List;
import java.util.Optional;

/**
 * A request to move a release of a project's component into one environment. The release is named by digest or
 * revision; when neither is given, what runs healthy in the source environment moves on.
 */
public record PromotionRequest(String project, String component, String target, Optional<String> from,
                               Optional<String> pipeline, Optional<ImageDigest> digest, Optional<String> revision,
                               Configuration configuration, String requestedBy, Trigger trigger,
                               List<Approval> approvals, String buildReference) {

    public PromotionRequest {
        from = from == null ? Optional.empty() : from.filter(s -> !s.isBlank());
        pipeline = pipeline == null ? Optional.empty() : pipeline.filter(s -> !s.isBlank());
        digest = digest == null ? Optional.empty() : digest;
        revision = revision == null ? Optional.empty() : revision.filter(s -> !s.isBlank());
        configuration = configuration == null ? Configuration.EMPTY : configuration;
        requestedBy = requestedBy == null ? "" : requestedBy;
        trigger = trigger == null ? Trigger.MANUAL : trigger;
        approvals = approvals == null ? List.of() : List.copyOf(approvals);
        buildReference = buildReference == null ? "" : buildReference;
        Names.require("requestedBy", requestedBy, Names.recordedTextProblem(requestedBy));
        Names.require("buildReference", buildReference, Names.recordedTextProblem(buildReference));
        revision.ifPresent(r -> Names.require("revision", r, Names.recordedTextProblem(r)));
    }

    public static PromotionRequest of(String project, String component, String target) {
        return new PromotionRequest(project, component, target, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Configuration.EMPTY, "", Trigger.MANUAL, List.of(), "");
    }

    public PromotionRequest from(String source) {
        return new PromotionRequest(project, component, target, Optional.ofNullable(source), pipeline, digest,
                revision, configuration, requestedBy, trigger, approvals, buildReference);
    }

    public PromotionRequest inPipeline(String name) {
        return new PromotionRequest(project, component, target, from, Optional.ofNullable(name), digest, revision,
                configuration, requestedBy, trigger, approvals, buildReference);
    }

    public PromotionRequest digest(ImageDigest value) {
        return new PromotionRequest(project, component, target, from, pipeline, Optional.ofNullable(value), revision,
                configuration, requestedBy, trigger, approvals, buildReference);
    }

    public PromotionRequest revision(String value) {
        return new PromotionRequest(project, component, target, from, pipeline, digest, Optional.ofNullable(value),
                configuration, requestedBy, trigger, approvals, buildReference);
    }

    public PromotionRequest configuration(Configuration value) {
        return new PromotionRequest(project, component, target, from, pipeline, digest, revision, value, requestedBy,
                trigger, approvals, buildReference);
    }

    public PromotionRequest by(String user, Trigger how) {
        return new PromotionRequest(project, component, target, from, pipeline, digest, revision, configuration, user,
                how, approvals, buildReference);
    }

    public PromotionRequest approvals(List<Approval> value) {
        return new PromotionRequest(project, component, target, from, pipeline, digest, revision, configuration,
                requestedBy, trigger, value, buildReference);
    }

    public PromotionRequest build(String reference) {
        return new PromotionRequest(project, component, target, from, pipeline, digest, revision, configuration,
                requestedBy, trigger, approvals, reference);
    }

    /** The same request for another target, as a fan-out makes one per target. */
    public PromotionRequest to(String otherTarget) {
        return new PromotionRequest(project, component, otherTarget, from, pipeline, digest, revision, configuration,
                requestedBy, trigger, approvals, buildReference);
    }
}
