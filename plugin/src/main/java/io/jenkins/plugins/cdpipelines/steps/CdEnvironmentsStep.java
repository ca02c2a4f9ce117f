package io.jenkins.plugins.cdpipelines.steps;

import hudson.Extension;
import hudson.model.Run;
import io.jenkins.plugins.cdpipelines.config.Organizations;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.StepExecutions;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;

import java.util.List;
import java.util.Set;

/** {@code cdEnvironments}: the environments this job may deploy to, in pipeline order (its default pipeline first). */
public class CdEnvironmentsStep extends Step {

    @DataBoundConstructor
    public CdEnvironmentsStep() {
    }

    @Override
    public StepExecution start(StepContext context) {
        return StepExecutions.synchronousNonBlocking(context, c -> {
            Run<?, ?> run = c.get(Run.class);
            JobCoordinates job = JobCoordinates.of(run, null, null, null);
            try {
                return List.copyOf(Organizations.current().pipelinesFor(job.project()).environments());
            } catch (RuntimeException e) {
                throw StepFailure.readable(e);
            }
        });
    }

    /** {@code cdEnvironments} in the Snippet Generator. */
    @Extension
    @Symbol("cdEnvironments")
    public static class DescriptorImpl extends CdStepDescriptor {
        public DescriptorImpl() {
            super("cdEnvironments", "The environments this job may deploy to");
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class);
        }
    }
}
