package io.cdpipelines.deploy;

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
import io.cdpipelines.promotion.ApproverMatching;
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
 * What the deploy view's endpoints do, the same in every host (cdp console, the Jenkins plugin): each through the
 * engine and its rules as the acting user, a person's action (trigger MANUAL). The answers are the view package's
 * records and maps of them, written as {@code ViewJson} writes them. The host authenticates, checks its own
 * permissions and reads the body; nothing else.
 */
public final class DeployActions {
    private final CdEngine engine;
    private final ApproverMatching matching;

    /** Deployments of one slot a history answers, newest first. */
    static final int HISTORY = 20;

    public DeployActions(CdEngine engine) {
        this(engine, ApproverMatching.AS_WRITTEN);
    }

    /** Actions for a host that compares the names of approvers its own way ({@code matching}). */
    public DeployActions(CdEngine engine, ApproverMatching matching) {
        this.engine = engine;
        this.matching = matching;
    }

    /** {@code GET /api/v1/me}. */
    public Map<String, Object> me(Actor user) {
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("user", user.name());
        me.put("groups", user.groups().stream().sorted().toList());
        return me;
    }

    /** {@code GET /api/v1/projects}: the projects the organization names. */
    public List<String> projects() {
        return engine.organization().spec().projects().stream().map(project -> project.path()).sorted().toList();
    }

    /** {@code GET /api/v1/view?project=P[&pipeline=N]}. */
    public DeployView view(String project, String pipeline) {
        Names.require("project", DeployRequests.required("project", project), Names.recordedTextProblem(project));
        return DeployViews.of(engine.organization(), engine.ledger(), project,
                Optional.ofNullable(pipeline).filter(p -> !p.isBlank()), engine.now());
    }

    /** {@code POST /api/v1/preview}: the lines an approver reads and the gates still to pass; nothing runs. */
    public Map<String, Object> preview(DeployRequests.Preview body, Actor user) {
        PromotionRequest request = request(body.project(), body.component(), DeployRequests.required("to", body.to()),
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
    public List<Map<String, Object>> promote(DeployRequests.Promote body, Actor user) {
        List<String> targets = body.to() == null ? List.of() : body.to();
        if (targets.isEmpty()) {
            throw new DeployRequestException(400, "field 'to' is missing or empty: give the environments to promote to");
        }
        if (new HashSet<>(targets).size() != targets.size()) {
            throw new DeployRequestException(400, "field 'to' names an environment twice: name each once");
        }
        targets.forEach(target -> DeployRequests.required("to", target));
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
    public List<Map<String, Object>> approvals(String project, Actor user) {
        Names.require("project", DeployRequests.required("project", project), Names.recordedTextProblem(project));
        List<Map<String, Object>> answer = new ArrayList<>();
        for (var request : engine.ledger().pendingApprovals(Optional.of(project))) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("approval", ApprovalCard.of(request));
            item.put("component", request.slot().component());
            Optional<String> refusal = engine.organization().environment(request.slot().environment())
                    .map(target -> ApprovalRules.refusal(target, user.name(), user.groups(), request.requestedBy(),
                            matching))
                    .orElse(Optional.of("its environment is no longer configured"));
            item.put("mayDecide", refusal.isEmpty());
            item.put("whyNot", refusal);
            item.put("mayWithdraw", matching.sameUser(user.name(), request.requestedBy()));
            answer.add(item);
        }
        return answer;
    }

    /** {@code POST /api/v1/approvals/request}. */
    public ApprovalCard requestApproval(DeployRequests.ApprovalRequest body, Actor user) {
        return ApprovalCard.of(engine.requestApproval(request(body.project(), body.component(),
                DeployRequests.required("to", body.to()), body.revision(), null, null, body.pipeline(), user)));
    }

    /** {@code POST /api/v1/approvals/approve}, {@code reject} or {@code withdraw}: an approval then promotes. */
    public Map<String, Object> decide(DeployRequests.ApprovalDecision body, ApprovalDecision decision, Actor user) {
        if (body.id() == null) {
            throw new DeployRequestException(400, "field 'id' is missing: give the number of the approval");
        }
        ApprovalOutcome outcome = engine.decideApproval(body.id(), decision, user.name(), user.groups(), matching,
                line -> { });
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("approval", ApprovalCard.of(outcome.approval()));
        answer.put("decision", decision.label());
        answer.put("deployment", outcome.promotion().flatMap(PromotionResult::deployment).map(DeploymentCard::of));
        answer.put("refused", outcome.promotion().flatMap(PromotionResult::refusal).map(Throwable::getMessage));
        return answer;
    }

    /** {@code GET /history?project=P&component=C&environment=E}: the slot's deployments, newest first. */
    public List<DeploymentCard> history(String project, String component, String environment) {
        Slot slot = slot(project, component, environment);
        return engine.ledger().history(slot, HISTORY).stream().map(DeploymentCard::of).toList();
    }

    /**
     * {@code GET /drift?project=P&component=C&environment=E}: how the data plane differs from what the ledger says
     * runs there, asked of the data plane now; {@code checked} is false where its driver cannot tell.
     */
    public Map<String, Object> drift(String project, String component, String environment) {
        Optional<List<String>> differences = engine.drift(slot(project, component, environment));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("checked", differences.isPresent());
        answer.put("differences", differences.orElse(List.of()));
        return answer;
    }

    private Slot slot(String project, String component, String environment) {
        Slot slot = new Slot(DeployRequests.required("project", project),
                DeployRequests.required("component", component),
                DeployRequests.required("environment", environment));
        engine.organization().requireEnvironment(slot.environment());
        return slot;
    }

    /** {@code POST /api/v1/rollback}. */
    public DeploymentCard rollback(DeployRequests.Rollback body, Actor user) {
        Slot slot = slot(body.project(), body.component(), body.environment());
        Deployment deployment = engine.rollback(slot, Optional.ofNullable(body.to()), user.name(), line -> { });
        return DeploymentCard.of(deployment);
    }

    private PromotionRequest request(String project, String component, String target, String revision,
                                     String digest, String from, String pipeline, Actor user) {
        PromotionRequest request = PromotionRequest.of(DeployRequests.required("project", project),
                DeployRequests.required("component", component), target).by(user.name(), Trigger.MANUAL);
        if (revision != null) {
            request = request.revision(DeployRequests.required("revision", revision));
        }
        if (digest != null) {
            request = request.digest(ImageDigest.of(DeployRequests.required("digest", digest)));
        }
        if (from != null) {
            request = request.from(DeployRequests.required("from", from));
        }
        if (pipeline != null) {
            request = request.inPipeline(DeployRequests.required("pipeline", pipeline));
        }
        return request;
    }
}
