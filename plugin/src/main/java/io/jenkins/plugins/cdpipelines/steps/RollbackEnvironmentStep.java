package io.jenkins.plugins.cdpipelines.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.DeploymentKey;
import io.jenkins.plugins.cdpipelines.CdPipelinesPermissions;
import io.jenkins.plugins.cdpipelines.build.BuildRecordAction;
import io.jenkins.plugins.cdpipelines.config.Organizations;
import io.jenkins.plugins.cdpipelines.engine.CdPipelinesEngine;
import io.jenkins.plugins.cdpipelines.engine.RunCredentials;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.io.Serial;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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
        this.component = component;
    }

    public Long getTo() {
        return to;
    }

    @DataBoundSetter
    public void setTo(Long to) {
        this.to = to;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, this);
    }

    /** Runs off the CPS thread. */
    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final transient RollbackEnvironmentStep step;

        Execution(StepContext context, RollbackEnvironmentStep step) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            JobCoordinates job = JobCoordinates.of(run, getContext().get(EnvVars.class), step.component, null);
            var missing = CdPipelinesPermissions.missingToDeploy(run.getParent(), Organizations.current(),
                    step.environment);
            if (missing.isPresent()) {
                throw new AbortException("rollbackEnvironment: missing the " + missing.get().name + " permission on "
                        + run.getParent().getFullName());
            }
            Deployment deployment = CdPipelinesEngine.get().engine(new RunCredentials(run)).rollback(
                    new DeploymentKey(job.project(), job.component(), step.environment), Optional.ofNullable(step.to),
                    job.requestedBy(), listener.getLogger()::println);
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
            return result;
        }
    }

    /** {@code rollbackEnvironment} in the Snippet Generator. */
    @Extension
    public static class DescriptorImpl extends StepDescriptor {
        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class, EnvVars.class);
        }

        @Override
        public String getFunctionName() {
            return "rollbackEnvironment";
        }

        @Override
        public String getDisplayName() {
            return "Roll an environment back to an earlier deployment";
        }
    }
}
