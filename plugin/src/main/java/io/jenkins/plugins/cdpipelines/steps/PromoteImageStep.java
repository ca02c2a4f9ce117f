package io.jenkins.plugins.cdpipelines.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.cdpipelines.engine.CdEngine;
import io.cdpipelines.engine.PromotionResult;
import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.ImageDigest;
import io.cdpipelines.model.Trigger;
import io.cdpipelines.promotion.PromotionRequest;
import io.jenkins.plugins.cdpipelines.CdPipelinesPermissions;
import io.jenkins.plugins.cdpipelines.build.BuildRecordAction;
import io.jenkins.plugins.cdpipelines.config.FormLists;
import io.jenkins.plugins.cdpipelines.config.Organizations;
import io.jenkins.plugins.cdpipelines.engine.CdPipelinesEngine;
import io.jenkins.plugins.cdpipelines.engine.RunCredentials;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.io.Serial;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
        this.from = from;
    }

    public String getPipeline() {
        return pipeline;
    }

    @DataBoundSetter
    public void setPipeline(String pipeline) {
        this.pipeline = pipeline;
    }

    public String getComponent() {
        return component;
    }

    @DataBoundSetter
    public void setComponent(String component) {
        this.component = component;
    }

    public String getRevision() {
        return revision;
    }

    @DataBoundSetter
    public void setRevision(String revision) {
        this.revision = revision;
    }

    public String getDigest() {
        return digest;
    }

    @DataBoundSetter
    public void setDigest(String digest) {
        this.digest = digest;
    }

    public Map<String, String> getVariables() {
        return variables;
    }

    @DataBoundSetter
    public void setVariables(Map<String, String> variables) {
        this.variables = variables == null ? new LinkedHashMap<>() : new LinkedHashMap<>(variables);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, this);
    }

    /**
     * Runs off the CPS thread. It does not survive a controller restart yet: a restart during a rollout fails the
     * step (the ledger still records how the deployment ended, or marks it abandoned).
     */
    static final class Execution extends SynchronousNonBlockingStepExecution<List<Map<String, Object>>> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final transient PromoteImageStep step;

        Execution(StepContext context, PromoteImageStep step) {
            super(context);
            this.step = step;
        }

        @Override
        protected List<Map<String, Object>> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            JobCoordinates job = JobCoordinates.of(run, getContext().get(EnvVars.class), step.component, null);
            List<String> targets = FormLists.split(step.to == null ? "" : step.to);
            if (targets.isEmpty()) {
                throw new AbortException("promoteImage: name the target environment: to: 'staging'");
            }
            checkPermissions(run, targets);
            CdEngine engine = CdPipelinesEngine.get().engine(new RunCredentials(run));
            PromotionRequest request = PromotionRequest.of(job.project(), job.component(), targets.get(0))
                    .from(step.from).inPipeline(step.pipeline)
                    .digest(step.digest == null || step.digest.isBlank() ? null : ImageDigest.of(step.digest.trim()))
                    .revision(revisionOf(run, job))
                    .configuration(new Configuration(step.variables, Map.of(), Map.of()))
                    .by(job.requestedBy(), Trigger.AUTOMATIC).build(job.buildUrl());
            List<PromotionResult> results = engine.promoteAll(request, targets, listener.getLogger()::println);
            List<Map<String, Object>> returned = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (PromotionResult result : results) {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("environment", result.environment());
                if (result.deployment().isPresent()) {
                    Deployment deployment = result.deployment().get();
                    BuildRecordAction.on(run).recordDeployment(deployment);
                    item.put("deployment", deployment.id());
                    item.put("digest", deployment.image().digest().value());
                    item.put("result", deployment.result().name());
                    item.put("message", deployment.message());
                    if (!deployment.succeeded()) {
                        problems.add(result.environment() + ": deployment #" + deployment.id() + " failed: "
                                + deployment.message());
                    }
                } else {
                    String refusal = result.refusal().orElseThrow().getMessage();
                    item.put("result", "REFUSED");
                    item.put("message", refusal);
                    problems.add(result.environment() + ": " + refusal);
                }
                returned.add(item);
            }
            if (!problems.isEmpty()) {
                throw new AbortException("promoteImage: " + String.join("; ", problems));
            }
            return returned;
        }

        /** This build's recorded release, unless the step names a revision or a digest. */
        private String revisionOf(Run<?, ?> run, JobCoordinates job) {
            if (step.revision != null && !step.revision.isBlank()) {
                return step.revision;
            }
            if (step.digest != null && !step.digest.isBlank()) {
                return null;
            }
            BuildRecordAction record = run.getAction(BuildRecordAction.class);
            if (record != null && record.getRelease() != null
                    && record.getRelease().getComponent().equals(job.component())) {
                return record.getRelease().getRevision();
            }
            return null;
        }

        private static void checkPermissions(Run<?, ?> run, List<String> targets) throws AbortException {
            var authentication = Jenkins.getAuthentication2();
            var organization = Organizations.current();
            for (String target : targets) {
                boolean production = organization.environment(target).map(e -> e.production()).orElse(false);
                var permission = production ? CdPipelinesPermissions.PROMOTE_PRODUCTION
                        : CdPipelinesPermissions.PROMOTE;
                if (!run.getParent().getACL().hasPermission2(authentication, permission)) {
                    throw new AbortException("promoteImage: " + authentication.getName() + " lacks the "
                            + permission.name + " permission on " + run.getParent().getFullName() + " for " + target);
                }
            }
        }
    }

    /** {@code promoteImage} in the Snippet Generator. */
    @Extension
    public static class DescriptorImpl extends StepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, EnvVars.class);
        }

        @Override
        public String getFunctionName() {
            return "promoteImage";
        }

        @Override
        public String getDisplayName() {
            return "Promote the release along the CD pipeline";
        }
    }
}
