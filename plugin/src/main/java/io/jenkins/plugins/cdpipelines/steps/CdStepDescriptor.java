package io.jenkins.plugins.cdpipelines.steps;

import hudson.EnvVars;
import hudson.model.Run;
import hudson.model.TaskListener;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;

import java.util.Set;

/**
 * A CD Pipelines step in the Snippet Generator: its function name, its title, and the context the steps need (the
 * build, its log, and its environment for {@code GIT_COMMIT}); none needs a node.
 */
public abstract class CdStepDescriptor extends StepDescriptor {
    private final String functionName;
    private final String displayName;

    protected CdStepDescriptor(String functionName, String displayName) {
        this.functionName = functionName;
        this.displayName = displayName;
    }

    @Override
    public Set<? extends Class<?>> getRequiredContext() {
        return Set.of(Run.class, TaskListener.class, EnvVars.class);
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getDisplayName() {
        return displayName;
    }
}
