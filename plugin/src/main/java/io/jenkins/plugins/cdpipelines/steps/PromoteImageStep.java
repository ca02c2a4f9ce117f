package io.jenkins.plugins.cdpipelines.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.Util;
import hudson.console.HyperlinkNote;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.cdpipelines.driver.AbortSignal;
import io.cdpipelines.engine.CdEngine;
import io.cdpipelines.engine.PromotionResult;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.DeploymentKind;
import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.Organization;
import io.cdpipelines.model.RuleViolationException;
import io.cdpipelines.model.Slot;
import io.cdpipelines.promotion.PromotionRequest;
import io.jenkins.plugins.cdpipelines.CdPipelinesPermissions;
import io.jenkins.plugins.cdpipelines.config.FormLists;
import io.jenkins.plugins.cdpipelines.config.Organizations;
import io.jenkins.plugins.cdpipelines.engine.CdPipelinesEngine;
import io.jenkins.plugins.cdpipelines.engine.RunCredentials;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import io.cdpipelines.model.Environment;
import io.cdpipelines.promotion.Approval;
import io.jenkins.plugins.cdpipelines.approval.ApprovalAction;

import java.io.Serial;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code promoteImage}: promotes this build's release (or a named one, or what runs healthy in the source) to one
 * or more environments of the job's CD pipelines, each with its configuration, and returns the deployments. A
 * refusal or a failed deployment fails the step after everything is recorded.
 */
public class PromoteImageStep extends Step {
    private final String to;
    private String from;
    private String pipeline;
    private String component;
    private String revision;
    private String digest;
    private Map<String, String> variables = new LinkedHashMap<>();

    /** @param to the target environment, or several separated by commas (a fan-out) */
    @DataBoundConstructor
    public PromoteImageStep(String to) {
        this.to = to;
    }

    public String getTo() {
        return to;
    }

    public String getFrom() {
        return from;
    }

    @DataBoundSetter
    public void setFrom(String from) {
        this.from = Util.fixEmptyAndTrim(from);
    }

    public String getPipeline() {
        return pipeline;
    }

    @DataBoundSetter
    public void setPipeline(String pipeline) {
        this.pipeline = Util.fixEmptyAndTrim(pipeline);
    }

    public String getComponent() {
        return component;
    }

    @DataBoundSetter
    public void setComponent(String component) {
        this.component = Util.fixEmptyAndTrim(component);
    }

    public String getRevision() {
        return revision;
    }

    @DataBoundSetter
    public void setRevision(String revision) {
        this.revision = Util.fixEmptyAndTrim(revision);
    }

    public String getDigest() {
        return digest;
    }

    @DataBoundSetter
    public void setDigest(String digest) {
        this.digest = Util.fixEmptyAndTrim(digest);
    }

    public Map<String, String> getVariables() {
        return variables;
    }

    /**
     * Per-call variables, {@code [KEY: 'value']}. Groovy hands over whatever the map holds (a GString, a number), so
     * values are taken as their text.
     */
    @DataBoundSetter
    public void setVariables(Map<String, ?> variables) {
        this.variables = new LinkedHashMap<>();
        if (variables != null) {
            variables.forEach((name, value) -> this.variables.put(String.valueOf(name), String.valueOf(value)));
        }
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        try {
            return new Execution(context, this);
        } catch (RuntimeException e) { // a malformed digest, say
            throw StepFailure.readable(e);
        }
    }

    /** The target environments {@code to} names, separated by commas. */
    static List<String> targetsOf(String step, String to) throws AbortException {
        List<String> targets = FormLists.split(to == null ? "" : to);
        if (targets.isEmpty()) {
            throw new AbortException(step + ": name the target environment: to: 'staging'");
        }
        return targets;
    }

    /** The options besides the targets, as the executions keep them. */
    PromotionAsk ask() {
        return new PromotionAsk(from, pipeline, component, revision, digest, variables);
    }

    /**
     * Waits, without holding the CPS thread, first for approval where a target requires it (see
     * {@link ApprovalAction}), then for the deployments, which run on a pool thread. Both survive a controller
     * restart: a pending approval was saved with the build, and a deployment left under way is taken up again
     * from the ledger (applied again and its rollout awaited) before the step reports. Stopping the build withdraws
     * a pending approval, or stops the wait for the rollouts and records the deployments as aborted.
     */
    static final class Execution extends EngineStepExecution<List<Map<String, Object>>>
            implements ApprovalAction.Waiting {
        @Serial
        private static final long serialVersionUID = 3L;
        private static final Logger LOGGER = Logger.getLogger(PromoteImageStep.class.getName());
        private final String to;
        private final PromotionAsk ask;
        private final String approvalId = UUID.randomUUID().toString();

        Execution(StepContext context, PromoteImageStep step) {
            super(context);
            this.to = step.to;
            this.ask = step.ask();
        }

        @Override
        public boolean start() throws Exception {
            try {
                return begin();
            } catch (RuntimeException e) {
                throw StepFailure.readable(e);
            }
        }

        private boolean begin() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            JobCoordinates job = JobCoordinates.of(run, getContext().get(EnvVars.class), ask.component(), null);
            List<String> targets = targets();
            Organization organization = Organizations.current();
            checkPermissions(run, organization, targets);
            List<Environment> gated = gated(organization, targets);
            if (gated.isEmpty()) {
                launch(signal -> deploy(targets, Optional.empty(), signal));
                return false;
            }
            Set<String> approvers = new TreeSet<>();
            gated.forEach(e -> approvers.addAll(e.protection().approvers()));
            boolean allowSelf = gated.stream().allMatch(e -> e.protection().allowSelfApproval());
            ApprovalAction.on(run).request(approvalId, targets, approvers, job.requestedBy(), allowSelf);
            listener.getLogger().println("promoteImage: " + gated.stream().map(Environment::name).toList()
                    + " require approval by one of " + approvers + ": waiting on "
                    // a link that works without a configured root URL, as the input step's
                    + HyperlinkNote.encodeTo("/" + run.getUrl() + "cd-approvals/", "the build's Approvals page"));
            DeploymentThreads.submit(() -> previewForApprovers(gated));
            return false;
        }

        /**
         * Works out, off the CPS thread, what the gated promotions would change and shows it to the approvers (and
         * in the log). A promotion the rules refuse anyway is not left waiting for a person: the request is
         * withdrawn and the step fails with the refusal.
         */
        private void previewForApprovers(List<Environment> gated) {
            try {
                Run<?, ?> run = getContext().get(Run.class);
                TaskListener listener = getContext().get(TaskListener.class);
                CdEngine engine = CdPipelinesEngine.get().engine(new RunCredentials(run));
                List<String> lines = new ArrayList<>();
                for (Environment target : gated) {
                    try {
                        lines.addAll(ask.preview(engine, run, getContext().get(EnvVars.class), target.name()));
                    } catch (RuleViolationException | InvalidInputException refusal) {
                        if (ApprovalAction.on(run).withdraw(approvalId)) { // else an approver was quicker
                            fail(new AbortException("promoteImage: " + target.name() + ": " + refusal.getMessage()));
                        }
                        return;
                    }
                }
                ApprovalAction.on(run).describe(approvalId, lines);
                lines.forEach(line -> listener.getLogger().println("promoteImage: " + line));
            } catch (Exception e) {
                LOGGER.log(Level.WARNING, "the preview for approvers could not be worked out", e);
            }
        }

        /** The targets that require approval. */
        private static List<Environment> gated(Organization organization, List<String> targets) {
            return targets.stream().map(organization::environment).flatMap(Optional::stream)
                    .filter(e -> e.protection().approvalRequired()).toList();
        }

        /** The decision taken on the approval page. */
        @Override
        public void decided(String id, ApprovalAction.Decision decision) {
            if (!approvalId.equals(id)) {
                return;
            }
            if (decision.approval() != null) {
                launch(signal -> deploy(targets(), Optional.of(decision.approval()), signal));
            } else {
                fail(new AbortException("promoteImage: rejected by " + decision.rejectedBy()));
            }
        }

        @Override
        void stoppedWhileIdle(Throwable cause) throws Exception {
            ApprovalAction approvals = getContext().get(Run.class).getAction(ApprovalAction.class);
            if (approvals != null) {
                approvals.withdraw(approvalId);
            }
        }

        private List<Map<String, Object>> deploy(List<String> targets, Optional<Approval> approval,
                                                 AbortSignal signal) throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            return PromotionReport.of(run, promote(run, targets, approval, signal));
        }

        private List<PromotionResult> promote(Run<?, ?> run, List<String> targets, Optional<Approval> approval,
                                              AbortSignal signal) throws Exception {
            TaskListener listener = getContext().get(TaskListener.class);
            CdEngine engine = CdPipelinesEngine.get().engine(new RunCredentials(run));
            return engine.promoteAll(request(run, targets.get(0), approval), targets, listener.getLogger()::println,
                    signal);
        }

        /** The promotion this step asks for, into {@code target}. */
        private PromotionRequest request(Run<?, ?> run, String target, Optional<Approval> approval) throws Exception {
            return ask.request(run, getContext().get(EnvVars.class), target, approval);
        }

        /**
         * After a controller restart: finishes the deployments this build left under way (applying again and
         * awaiting the rollout), then reports what this step deployed, deploying now to the targets it had not
         * reached.
         */
        private List<Map<String, Object>> resumeAfterRestart(AbortSignal signal) throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            JobCoordinates job = JobCoordinates.of(run, getContext().get(EnvVars.class), ask.component(), null);
            CdEngine engine = CdPipelinesEngine.get().engine(new RunCredentials(run));
            var ledger = CdPipelinesEngine.get().ledger();
            for (String reference : buildReferences(run)) {
                for (Deployment unfinished : ledger.unfinishedDeployments(reference)) {
                    engine.resume(unfinished.id(), listener.getLogger()::println, signal);
                }
            }
            Map<String, PromotionResult> byTarget = new LinkedHashMap<>();
            List<String> notReached = new ArrayList<>();
            for (String target : targets()) {
                byTarget.put(target, null);
                Slot key = new Slot(job.project(), job.component(), target);
                madeByThisStep(run, key, DeploymentKind.PROMOTION).ifPresentOrElse(
                        d -> byTarget.put(target, new PromotionResult(target, Optional.of(d), Optional.empty())),
                        () -> notReached.add(target));
            }
            if (!notReached.isEmpty()) {
                ApprovalAction approvals = run.getAction(ApprovalAction.class);
                Optional<Approval> approval = approvals == null ? Optional.empty() : approvals.approvalOf(approvalId);
                promote(run, notReached, approval, signal).forEach(result -> byTarget.put(result.environment(),
                        result));
            }
            return PromotionReport.of(run, List.copyOf(byTarget.values()));
        }

        private List<String> targets() throws AbortException {
            return targetsOf("promoteImage", to);
        }

        private static void checkPermissions(Run<?, ?> run, Organization organization, List<String> targets)
                throws AbortException {
            for (String target : targets) {
                var refusal = CdPipelinesPermissions.refusalToDeploy(run, organization, target);
                if (refusal.isPresent()) {
                    throw new AbortException("promoteImage: " + refusal.get());
                }
            }
        }

        @Override
        public void onResume() {
            try {
                ApprovalAction approvals = getContext().get(Run.class).getAction(ApprovalAction.class);
                Optional<ApprovalAction.Request> pending = approvals == null ? Optional.empty()
                        : approvals.pending(approvalId);
                if (pending.isPresent()) {
                    // still waiting for an approver: the request was saved with the build, its preview perhaps not
                    if (pending.get().getPreview().isEmpty()) {
                        Organization organization = Organizations.current();
                        List<Environment> gated = gated(organization, targets());
                        DeploymentThreads.submit(() -> previewForApprovers(gated));
                    }
                    return;
                }
            } catch (Exception e) {
                fail(e);
                return;
            }
            launch(this::resumeAfterRestart);
        }
    }

    /** {@code promoteImage} in the Snippet Generator. */
    @Extension
    @Symbol("promoteImage")
    public static class DescriptorImpl extends CdStepDescriptor {
        public DescriptorImpl() {
            super("promoteImage", "Promote the release along the CD pipeline");
        }
    }
}
