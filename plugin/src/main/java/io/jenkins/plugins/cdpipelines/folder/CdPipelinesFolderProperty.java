package io.jenkins.plugins.cdpipelines.folder;

import com.cloudbees.hudson.plugins.folder.AbstractFolder;
import com.cloudbees.hudson.plugins.folder.AbstractFolderProperty;
import com.cloudbees.hudson.plugins.folder.AbstractFolderPropertyDescriptor;
import hudson.Extension;
import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.security.ACLContext;
import hudson.util.FormValidation;
import io.cdpipelines.model.Attachment;
import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.Project;
import io.jenkins.plugins.cdpipelines.config.ConfiguredNames;
import io.jenkins.plugins.cdpipelines.config.FormLists;
import io.jenkins.plugins.cdpipelines.config.FormPermissions;
import io.jenkins.plugins.cdpipelines.config.ProjectConfig;
import io.jenkins.plugins.cdpipelines.config.ProjectEnvironmentConfig;
import io.jenkins.plugins.cdpipelines.config.StoredNames;
import io.jenkins.plugins.cdpipelines.config.UnknownNames;
import jenkins.model.Jenkins;
import jenkins.scm.api.SCMSourceOwner;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A folder as a project: the CD pipelines it attaches (none: inherit from the nearest enclosing folder that attaches
 * some, else the organization default), its default among them, and its configuration per environment.
 */
public class CdPipelinesFolderProperty extends AbstractFolderProperty<AbstractFolder<?>> {
    private List<String> pipelines = new ArrayList<>();
    private String defaultPipeline;
    private List<ProjectEnvironmentConfig> environments = new ArrayList<>();

    @DataBoundConstructor
    public CdPipelinesFolderProperty() {
    }

    /** The form's text for the attached pipelines. */
    public String getPipelinesText() {
        return FormLists.join(pipelines);
    }

    public List<String> getPipelines() {
        return pipelines;
    }

    @DataBoundSetter
    public void setPipelines(List<String> pipelines) {
        this.pipelines = FormLists.copyOf(pipelines);
    }

    public String getDefaultPipeline() {
        return defaultPipeline;
    }

    @DataBoundSetter
    public void setDefaultPipeline(String defaultPipeline) {
        this.defaultPipeline = FormLists.blankToNull(defaultPipeline);
    }

    public List<ProjectEnvironmentConfig> getEnvironments() {
        return environments;
    }

    @DataBoundSetter
    public void setEnvironments(List<ProjectEnvironmentConfig> environments) {
        this.environments = FormLists.copyOf(environments);
    }

    /** The property that configuration as code's {@code project} stands for. */
    static CdPipelinesFolderProperty of(ProjectConfig project) {
        CdPipelinesFolderProperty property = new CdPipelinesFolderProperty();
        property.setPipelines(project.getPipelines());
        property.setDefaultPipeline(project.getDefaultPipeline());
        property.setEnvironments(project.getEnvironments());
        return property;
    }

    /** This property as configuration as code exports it, for the folder {@code folderFullName}. */
    ProjectConfig toProjectConfig(String folderFullName) {
        ProjectConfig project = new ProjectConfig(folderFullName);
        project.setPipelines(pipelines);
        project.setDefaultPipeline(defaultPipeline);
        project.setEnvironments(environments);
        return project;
    }

    /** Nothing attached, no default, no configuration: the property makes no project. */
    boolean isEmpty() {
        return pipelines.isEmpty() && (defaultPipeline == null || defaultPipeline.isBlank()) && environments.isEmpty();
    }

    /** Every folder that is a project, by full name, with its property. */
    @SuppressWarnings("rawtypes")
    public static Map<String, CdPipelinesFolderProperty> byFolder() {
        Map<String, CdPipelinesFolderProperty> projects = new LinkedHashMap<>();
        // every folder, whoever asks: the organization (and so the rules) must not depend on who can read what
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            for (AbstractFolder folder : Jenkins.get().getAllItems(AbstractFolder.class)) {
                CdPipelinesFolderProperty property = (CdPipelinesFolderProperty) folder.getProperties()
                        .get(CdPipelinesFolderProperty.class);
                if (property != null) {
                    projects.put(folder.getFullName(), property);
                }
            }
        }
        return projects;
    }

    /** The core project this folder stands for, named by the folder's full name. */
    public Project toProject(String folderFullName) {
        Map<String, Configuration> configurations = new LinkedHashMap<>();
        environments.forEach(e -> configurations.put(e.getName(), e.toModel()));
        Optional<Attachment> attachment = pipelines.isEmpty() ? Optional.empty()
                : Optional.of(new Attachment(pipelines, defaultPipeline));
        return new Project(folderFullName, attachment, configurations);
    }

    /** The name the property is saved under in folders (see {@link StoredNames}). */
    @Initializer(before = InitMilestone.PLUGINS_STARTED)
    public static void registerStoredNames() {
        StoredNames.register(Map.of("cdp-folder", CdPipelinesFolderProperty.class));
    }

    /** Shown in every folder's configuration; {@code cdPipelines} in Job DSL and folder properties as code. */
    @Extension
    @Symbol("cdPipelines")
    public static class DescriptorImpl extends AbstractFolderPropertyDescriptor {
        @Override
        public String getDisplayName() {
            return "CD pipelines";
        }

        /** Not on a multibranch project: it is a component, and its project is the folder around it. */
        @Override
        @SuppressWarnings("rawtypes")
        public boolean isApplicable(Class<? extends AbstractFolder> containerType) {
            return !SCMSourceOwner.class.isAssignableFrom(containerType) && super.isApplicable(containerType);
        }

        @POST
        public FormValidation doCheckPipelines(@AncestorInPath Item folder, @QueryParameter String value) {
            if (!FormPermissions.mayConfigure(folder)) {
                return FormValidation.ok(); // a check reveals nothing to one who may not configure
            }
            return UnknownNames.check(value, pipelineNames(), "pipeline");
        }

        @POST
        public FormValidation doCheckDefaultPipeline(@AncestorInPath Item folder, @QueryParameter String value,
                                                     @QueryParameter String pipelines) {
            if (!FormPermissions.mayConfigure(folder)) {
                return FormValidation.ok(); // a check reveals nothing to one who may not configure
            }
            if (value == null || value.isBlank()) {
                return FormValidation.ok();
            }
            return FormLists.split(pipelines == null ? "" : pipelines).contains(value.trim()) ? FormValidation.ok()
                    : FormValidation.error("Choose one of the attached pipelines");
        }

        private static List<String> pipelineNames() {
            return ConfiguredNames.get().pipelineNames();
        }

        @Override
        public AbstractFolderProperty<?> newInstance(StaplerRequest2 req, JSONObject formData) throws FormException {
            CdPipelinesFolderProperty property = (CdPipelinesFolderProperty) super.newInstance(req,
                    FormLists.normalize(formData));
            // the folder form always shows the section: left empty, the folder is no project (and keeps no property)
            return property.isEmpty() ? null : property;
        }
    }
}
