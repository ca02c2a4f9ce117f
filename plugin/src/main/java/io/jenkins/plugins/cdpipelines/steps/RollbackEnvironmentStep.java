package io.jenkins.plugins.cdpipelines.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.cdpipelines.driver.AbortSignal;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.DeploymentKind;
import io.cdpipelines.model.Slot;
import io.jenkins.plugins.cdpipelines.CdPipelinesPermissions;
import io.jenkins.plugins.cdpipelines.board.EnvironmentHistory;
import io.jenkins.plugins.cdpipelines.build.BuildRecordAction;
import io.jenkins.plugins.cdpipelines.config.Organizations;
import io.jenkins.plugins.cdpipelines.engine.CdPipelinesEngine;
import io.jenkins.plugins.cdpipelines.engine.RunCredentials;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.io.Serial;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code rollbackEnvironment}: restores the deployment before the current one of this job's component in an
 * environment (or deployment {@code to}), digest and configuration together. Automatic promotions then stop there
 * until a person promotes again.
 */
public class RollbackEnvironmentStep extends Step {
    private final String environment;
    private String component;
    private Long to;

    @DataBoundConstructor
    public RollbackEnvironmentStep(String environment) {
        this.environment = environment;
    }

    public String getEnvironment() {
        return environment;
    }

    public String getComponent() {
        return component;
    }

    @DataBoundSetter
    public void setComponent(String component) {
        this.component = Util.fixEmptyAndTrim(component);
    }

    public Long getTo() {
        return to;
    }

    @DataBoundSetter
    public void setTo(Long to) {
        // deployment numbers start at 1; the Snippet Generator binds an empty number box as 0
        this.to = to == null || to <= 0 ? null : to;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, this);
    }

    /**
     * Rolls back on a pool thread; stopping the build stops the wait for the rollout (recorded as aborted), and after
     * a controller restart the rollback this build left under way is finished.
     */
    static final class Execution extends EngineStepExecution<Map<String, Object>> {
        @Serial
        private static final long serialVersionUID = 2L;
        private final String environment;
        private final String component;
        private final Long to;

        Execution(StepContext context, RollbackEnvironmentStep step) {
            super(context);
            this.environment = step.environment;
            this.component = step.component;
            this.to = step.to;
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
            var refusal = CdPipelinesPermissions.refusalToDeploy(run, Organizations.current(), environment);
            if (refusal.isPresent()) {
                throw new AbortException("rollbackEnvironment: " + refusal.get());
            }
            launch(this::rollback);
            return false;
        }

        private Map<String, Object> rollback(AbortSignal signal) throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            JobCoordinates job = JobCoordinates.of(run, getContext().get(EnvVars.class), component, null);
            Deployment deployment = CdPipelinesEngine.get().engine(new RunCredentials(run)).rollback(
                    new Slot(job.project(), job.component(), environment), Optional.ofNullable(to),
                    job.requestedBy(), job.buildReference(), listener.getLogger()::println, signal);
            return report(run, deployment);
        }

        /**
         * After a restart: reports the rollback this step made, finishing it first if it was left under way, or rolls
         * back now if none was started.
         */
        private Map<String, Object> resumeAfterRestart(AbortSignal signal) throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            JobCoordinates job = JobCoordinates.of(run, getContext().get(EnvVars.class), component, null);
            Slot key = new Slot(job.project(), job.component(), environment);
            Optional<Deployment> made = madeByThisStep(run, key, DeploymentKind.ROLLBACK);
            if (made.isEmpty()) {
                return rollback(signal);
            }
            return report(run, CdPipelinesEngine.get().engine(new RunCredentials(run)).resume(made.get().id(),
                    listener.getLogger()::println, signal));
        }

        private static Map<String, Object> report(Run<?, ?> run, Deployment deployment) throws Exception {
            BuildRecordAction.on(run).recordDeployment(deployment);
            if (!deployment.succeeded()) {
                throw new AbortException("rollbackEnvironment: deployment #" + deployment.id() + " failed: "
                        + deployment.message());
            }
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("environment", deployment.environment());
            result.put("deployment", deployment.id());
            result.put("restores", deployment.restores());
            result.put("digest", deployment.image().digest().value());
            result.put("url", EnvironmentHistory.url(deployment.slot().project(), deployment.environment()));
            return result;
        }

        @Override
        public void onResume() {
            launch(this::resumeAfterRestart);
        }
    }

    /** {@code rollbackEnvironment} in the Snippet Generator. */
    @Extension
    @Symbol("rollbackEnvironment")
    public static class DescriptorImpl extends CdStepDescriptor {
        public DescriptorImpl() {
            super("rollbackEnvironment", "Roll an environment back to an earlier deployment");
        }
    }
}
