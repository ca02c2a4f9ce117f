package io.jenkins.plugins.cdpipelines.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.cdpipelines.model.Names;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** A file of a configuration layer: the absolute path it is mounted at and its content. */
public class FileConfig implements Describable<FileConfig> {
    private final String path;
    private final String content;

    @DataBoundConstructor
    public FileConfig(String path, String content) {
        this.path = path;
        this.content = content;
    }

    public String getPath() {
        return path;
    }

    public String getContent() {
        return content;
    }

    /** Form and JCasC support. */
    @Extension
    public static class DescriptorImpl extends Descriptor<FileConfig> {
        @POST
        public FormValidation doCheckPath(@AncestorInPath Item item, @QueryParameter String value) {
            if (!FormPermissions.mayConfigure(item)) {
                return FormValidation.ok(); // a check reveals nothing to one who may not configure
            }
            return Names.mountPathProblem(value).map(FormValidation::error).orElse(FormValidation.ok());
        }
    }
}
