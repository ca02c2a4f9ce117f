package io.jenkins.plugins.cdpipelines.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.DataBoundConstructor;

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
        public FormValidation doCheckPath(@QueryParameter String value) {
            return value != null && value.startsWith("/") && !value.endsWith("/") ? FormValidation.ok()
                    : FormValidation.error("An absolute file path to mount, such as /etc/app/config.yaml");
        }
    }
}
