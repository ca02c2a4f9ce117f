package io.cdpipelines.cli.console;

import io.cdpipelines.engine.ApprovalOutcome;
import io.cdpipelines.engine.CdEngine;
import io.cdpipelines.engine.Preview;
import io.cdpipelines.engine.PromotionResult;
import io.cdpipelines.model.ApprovalDecision;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.ImageDigest;
import io.cdpipelines.model.Names;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.Trigger;
import io.cdpipelines.promotion.ApprovalRules;
import io.cdpipelines.promotion.PromotionGates;
import io.cdpipelines.promotion.PromotionRequest;
import io.cdpipelines.view.ApprovalCard;
import io.cdpipelines.view.DeployView;
import io.cdpipelines.view.DeployViews;
import io.cdpipelines.view.DeploymentCard;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the console's endpoints do, each through the engine and its rules as the acting user, a person's action
 * (trigger MANUAL). The answers are the records of core's view package, written as {@code ViewJson} writes them.
 */
final class ConsoleApi {
    private final CdEngine engine;

    ConsoleApi(CdEngine engine) {
        this.engine = engine;
    }

    /** {@code GET /api/v1/me}. */
    Map<String, Object> me(ConsoleUser user) {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("user", user.name());
        me.put("groups", user.groups().stream().sorted().toList());
        return me;
    }

    /** {@code GET /api/v1/projects}: the projects the organization names. */
    List<String> projects() {
        return engine.organization().spec().projects().stream().map(project -> project.path()).sorted().toList();
    }

    /** {@code GET /api/v1/view?project=P[&pipeline=N]}. */
    DeployView view(String project, String pipeline) {
        Names.require("project", ConsoleRequests.required("project", project), Names.recordedTextProblem(project));
        return DeployViews.of(engine.organization(), engine.ledger(), project,
                Optional.ofNullable(pipeline).filter(p -> !p.isBlank()), engine.now());
    }

    /** {@code POST /api/v1/preview}: the lines an approver reads and the gates still to pass; nothing runs. */
    Map<String, Object> preview(ConsoleRequests.Preview body, ConsoleUser user) {
        PromotionRequest request = request(body.project(), body.component(), ConsoleRequests.required("to", body.to()),
                body.revision(), body.digest(), body.from(), body.pipeline(), user);
        Preview preview = engine.preview(request);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("source", preview.decision().source());
        answer.put("revision", preview.decision().release().revision());
        answer.put("digest", preview.decision().release().digest().value());
        answer.put("changesImage", preview.changesImage());
        answer.put("configuration", preview.configuration());
        answer.put("objects", preview.objects());
        answer.put("gates", PromotionGates.stillToPass(preview.decision(), engine.ledger(), engine.now()));
        answer.put("lines", preview.describe());
        return answer;
    }

    /** {@code POST /api/v1/promote}: one target, or a fan-out; each refusal in the rule's words. */
    List<Map<String, Object>> promote(ConsoleRequests.Promote body, ConsoleUser user) {
        List<String> targets = body.to() == null ? List.of() : body.to();
        if (targets.isEmpty()) {
            throw new HttpProblem(400, "field 'to' is missing or empty: give the environments to promote to");
        }
        if (new HashSet<>(targets).size() != targets.size()) {
            throw new HttpProblem(400, "field 'to' names an environment twice: name each once");
        }
        targets.forEach(target -> ConsoleRequests.required("to", target));
        PromotionRequest request = request(body.project(), body.component(), targets.get(0), body.revision(),
                body.digest(), body.from(), body.pipeline(), user);
        List<PromotionResult> results = targets.size() == 1
                ? List.of(new PromotionResult(targets.get(0), Optional.of(engine.promote(request, line -> { })),
                Optional.empty()))
                : engine.promoteAll(request, targets, line -> { });
        List<Map<String, Object>> answer = new ArrayList<>();
        for (PromotionResult result : results) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("environment", result.environment());
            item.put("deployment", result.deployment().map(DeploymentCard::of));
            item.put("refused", result.refusal().map(Throwable::getMessage));
            answer.add(item);
        }
        return answer;
    }

    /** {@code GET /api/v1/approvals?project=P}: the requests that wait, and whether this user may decide each. */
    List<Map<String, Object>> approvals(String project, ConsoleUser user) {
        Names.require("project", ConsoleRequests.required("project", project), Names.recordedTextProblem(project));
        List<Map<String, Object>> answer = new ArrayList<>();
        for (var request : engine.ledger().pendingApprovals(Optional.of(project))) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("approval", ApprovalCard.of(request));
            item.put("component", request.slot().component());
            Optional<String> refusal = engine.organization().environment(request.slot().environment())
                    .map(target -> ApprovalRules.refusal(target, user.name(), user.groups(), request.requestedBy()))
                    .orElse(Optional.of("its environment is no longer configured"));
            item.put("mayDecide", refusal.isEmpty());
            item.put("whyNot", refusal);
            item.put("mayWithdraw", request.requestedBy().equals(user.name()));
            answer.add(item);
        }
        return answer;
    }

    /** {@code POST /api/v1/approvals/request}. */
    ApprovalCard requestApproval(ConsoleRequests.ApprovalRequest body, ConsoleUser user) {
        return ApprovalCard.of(engine.requestApproval(request(body.project(), body.component(),
                ConsoleRequests.required("to", body.to()), body.revision(), null, null, body.pipeline(), user)));
    }

    /** {@code POST /api/v1/approvals/approve}, {@code reject} or {@code withdraw}: an approval then promotes. */
    Map<String, Object> decide(ConsoleRequests.ApprovalDecision body, ApprovalDecision decision, ConsoleUser user) {
        if (body.id() == null) {
            throw new HttpProblem(400, "field 'id' is missing: give the number of the approval");
        }
        ApprovalOutcome outcome = engine.decideApproval(body.id(), decision, user.name(), user.groups(),
                line -> { });
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("approval", ApprovalCard.of(outcome.approval()));
        answer.put("decision", decision.label());
        answer.put("deployment", outcome.promotion().flatMap(PromotionResult::deployment).map(DeploymentCard::of));
        answer.put("refused", outcome.promotion().flatMap(PromotionResult::refusal).map(Throwable::getMessage));
        return answer;
    }

    /** {@code POST /api/v1/rollback}. */
    DeploymentCard rollback(ConsoleRequests.Rollback body, ConsoleUser user) {
        Slot slot = new Slot(ConsoleRequests.required("project", body.project()),
                ConsoleRequests.required("component", body.component()),
                ConsoleRequests.required("environment", body.environment()));
        engine.organization().requireEnvironment(slot.environment());
        Deployment deployment = engine.rollback(slot, Optional.ofNullable(body.to()), user.name(), line -> { });
        return DeploymentCard.of(deployment);
    }

    private PromotionRequest request(String project, String component, String target, String revision,
                                     String digest, String from, String pipeline, ConsoleUser user) {
        PromotionRequest request = PromotionRequest.of(ConsoleRequests.required("project", project),
                ConsoleRequests.required("component", component), target).by(user.name(), Trigger.MANUAL);
        if (revision != null) {
            request = request.revision(ConsoleRequests.required("revision", revision));
        }
        if (digest != null) {
            request = request.digest(ImageDigest.of(ConsoleRequests.required("digest", digest)));
        }
        if (from != null) {
            request = request.from(ConsoleRequests.required("from", from));
        }
        if (pipeline != null) {
            request = request.inPipeline(ConsoleRequests.required("pipeline", pipeline));
        }
        return request;
    }
}
