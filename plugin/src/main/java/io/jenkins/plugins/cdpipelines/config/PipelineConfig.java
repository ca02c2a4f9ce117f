package io.jenkins.plugins.cdpipelines.config;

import hudson.Extension;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.cdpipelines.model.CdPipeline;
import io.cdpipelines.model.Names;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A CD pipeline: a chain of environments, or promotion paths forming a DAG with one root. */
public class PipelineConfig implements Describable<PipelineConfig> {
    private final String name;
    private String description;
    private List<String> environments = new ArrayList<>();
    private List<PathConfig> paths = new ArrayList<>();
    private List<String> allSourcesRequired = new ArrayList<>();

    @DataBoundConstructor
    public PipelineConfig(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public String getDescription() {
        return description;
    }

    @DataBoundSetter
    public void setDescription(String description) {
        this.description = FormLists.blankToNull(description);
    }

    /** The form's text for environments. */
    public String getEnvironmentsText() {
        return FormLists.join(environments);
    }

    public List<String> getEnvironments() {
        return environments;
    }

    @DataBoundSetter
    public void setEnvironments(List<String> environments) {
        this.environments = environments == null ? new ArrayList<>() : new ArrayList<>(environments);
    }

    public List<PathConfig> getPaths() {
        return paths;
    }

    @DataBoundSetter
    public void setPaths(List<PathConfig> paths) {
        this.paths = paths == null ? new ArrayList<>() : new ArrayList<>(paths);
    }

    /** The form's text for allSourcesRequired. */
    public String getAllSourcesRequiredText() {
        return FormLists.join(allSourcesRequired);
    }

    public List<String> getAllSourcesRequired() {
        return allSourcesRequired;
    }

    @DataBoundSetter
    public void setAllSourcesRequired(List<String> allSourcesRequired) {
        this.allSourcesRequired = allSourcesRequired == null ? new ArrayList<>() : new ArrayList<>(allSourcesRequired);
    }

    public CdPipeline toModel() {
        return new CdPipeline(name, description, environments, paths.stream().map(PathConfig::toModel).toList(),
                Set.copyOf(allSourcesRequired));
    }

    static PipelineConfig of(CdPipeline pipeline) {
        PipelineConfig config = new PipelineConfig(pipeline.name());
        config.setDescription(pipeline.description());
        config.setEnvironments(pipeline.chain());
        config.setPaths(pipeline.paths().stream().map(p -> new PathConfig(p.source(), p.targets())).toList());
        config.setAllSourcesRequired(pipeline.allSourcesRequired().stream().sorted().toList());
        return config;
    }

    /** Form and JCasC support. */
    @Extension
    public static class DescriptorImpl extends Descriptor<PipelineConfig> {
        @POST
        public FormValidation doCheckName(@AncestorInPath Item item, @QueryParameter String value) {
            if (!FormPermissions.mayConfigure(item)) {
                return FormValidation.ok(); // a check reveals nothing to one who may not configure
            }
            return Names.dns1123Problem(value).map(FormValidation::error).orElse(FormValidation.ok());
        }

        @POST
        public FormValidation doCheckEnvironments(@AncestorInPath Item item, @QueryParameter String value) {
            if (!FormPermissions.mayConfigure(item)) {
                return FormValidation.ok(); // a check reveals nothing to one who may not configure
            }
            return UnknownNames.check(value, ConfiguredNames.get().environmentNames(), "environment");
        }
    }
}
