package io.jenkins.plugins.cdpipelines.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import io.cdpipelines.model.PromotionPath;
import org.kohsuke.stapler.DataBoundConstructor;

import java.util.ArrayList;
import java.util.List;

/** A promotion path of a pipeline: from one environment to its targets. */
public class PathConfig implements Describable<PathConfig> {
    private final String from;
    private final List<String> to;

    @DataBoundConstructor
    public PathConfig(String from, List<String> to) {
        this.from = from;
        this.to = to == null ? new ArrayList<>() : new ArrayList<>(to);
    }

    public String getFrom() {
        return from;
    }

    /** The form's text for to. */
    public String getToText() {
        return FormLists.join(to);
    }

    public List<String> getTo() {
        return to;
    }

    public PromotionPath toModel() {
        return new PromotionPath(from, to);
    }

    /** Form and JCasC support. */
    @Extension
    public static class DescriptorImpl extends Descriptor<PathConfig> {
    }
}
