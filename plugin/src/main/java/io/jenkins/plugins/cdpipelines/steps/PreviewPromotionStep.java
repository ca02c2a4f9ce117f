package io.jenkins.plugins.cdpipelines.steps;

import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.RuleViolationException;
import io.jenkins.plugins.cdpipelines.engine.CdPipelinesEngine;
import io.jenkins.plugins.cdpipelines.engine.RunCredentials;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.StepExecutions;
import org.kohsuke.stapler.DataBoundConstructor;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code previewPromotion}: what {@code promoteImage} with the same options would change, without changing it — the
 * image from and to, the configuration keys added, changed and removed, the objects the driver would touch, and the
 * gates still to pass. Nothing is claimed, recorded or deployed, and no secret is read. For a pull request's build,
 * or before an approval.
 */
public class PreviewPromotionStep extends PromoteImageStep {

    /** @param to the target environment, or several separated by commas */
    @DataBoundConstructor
    public PreviewPromotionStep(String to) {
        super(to);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        PromotionAsk ask;
        List<String> targets;
        try {
            ask = ask();
            targets = targetsOf("previewPromotion", getTo());
        } catch (RuntimeException e) { // a malformed digest, say
            throw StepFailure.readable(e);
        }
        return StepExecutions.synchronousNonBlocking(context, c -> {
            Run<?, ?> run = c.get(Run.class);
            TaskListener listener = c.get(TaskListener.class);
            var engine = CdPipelinesEngine.get().engine(new RunCredentials(run));
            List<String> lines = new ArrayList<>();
            for (String target : targets) {
                try {
                    lines.addAll(ask.preview(engine, run, c.get(EnvVars.class), target));
                } catch (RuleViolationException | InvalidInputException refusal) {
                    throw new AbortException("previewPromotion: " + target + ": " + refusal.getMessage());
                } catch (RuntimeException e) {
                    throw StepFailure.readable(e);
                }
            }
            lines.forEach(listener.getLogger()::println);
            return lines;
        });
    }

    /** {@code previewPromotion} in the Snippet Generator. */
    @Extension
    @Symbol("previewPromotion")
    public static class DescriptorImpl extends CdStepDescriptor {
        public DescriptorImpl() {
            super("previewPromotion", "Preview what a promotion would change");
        }
    }
}
