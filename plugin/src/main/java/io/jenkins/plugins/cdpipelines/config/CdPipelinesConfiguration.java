package io.jenkins.plugins.cdpipelines.config;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.BulkChange;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.security.Permission;
import io.cdpipelines.ledger.LedgerException;
import io.cdpipelines.model.DataPlane;
import io.cdpipelines.model.GitOpsDataPlane;
import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.KubernetesDataPlane;
import io.cdpipelines.model.Organization;
import io.cdpipelines.model.OrganizationSpec;
import io.cdpipelines.model.RuleViolationException;
import io.cdpipelines.promotion.EnvironmentRemoval;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest2;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The organization's CD configuration in Manage Jenkins (and under {@code unclassified: cdPipelines:} in JCasC): data
 * planes, environments, CD pipelines and the default pipeline. A save is checked by core's rules as a whole and
 * refused with core's message, leaving the previous configuration in place.
 */
@Extension
@Symbol("cdPipelines")
public class CdPipelinesConfiguration extends GlobalConfiguration implements ConfiguredNames {

    /** Overall/Manage, as the forms' checks and pickers (FormPermissions) and the docs say. */
    @NonNull
    @Override
    public Permission getRequiredGlobalConfigPagePermission() {
        return Jenkins.MANAGE;
    }
    private List<DataPlaneConfig> dataPlanes = new ArrayList<>();
    private List<EnvironmentConfig> environments = new ArrayList<>();
    private List<PipelineConfig> pipelines = new ArrayList<>();
    private String defaultPipeline;

    /** Saved with the short names of {@link StoredNames}, so that a renamed class still reads what was saved. */
    @Override
    protected hudson.XmlFile getConfigFile() {
        StoredNames.register(Jenkins.XSTREAM2); // load() runs in the constructor, maybe before the initializer
        return new hudson.XmlFile(Jenkins.XSTREAM2, new java.io.File(Jenkins.get().getRootDir(), getId() + ".xml"));
    }

    public CdPipelinesConfiguration() {
        load();
    }

    public static CdPipelinesConfiguration get() {
        return ExtensionList.lookupSingleton(CdPipelinesConfiguration.class);
    }

    public List<DataPlaneConfig> getDataPlanes() {
        return dataPlanes;
    }

    @DataBoundSetter
    public void setDataPlanes(List<DataPlaneConfig> dataPlanes) {
        this.dataPlanes = dataPlanes == null ? new ArrayList<>() : new ArrayList<>(dataPlanes);
        save();
    }

    public List<EnvironmentConfig> getEnvironments() {
        return environments;
    }

    @DataBoundSetter
    public void setEnvironments(List<EnvironmentConfig> environments) {
        this.environments = environments == null ? new ArrayList<>() : new ArrayList<>(environments);
        save();
    }

    public List<PipelineConfig> getPipelines() {
        return pipelines;
    }

    @DataBoundSetter
    public void setPipelines(List<PipelineConfig> pipelines) {
        this.pipelines = pipelines == null ? new ArrayList<>() : new ArrayList<>(pipelines);
        save();
    }

    public String getDefaultPipeline() {
        return defaultPipeline;
    }

    @DataBoundSetter
    public void setDefaultPipeline(String defaultPipeline) {
        this.defaultPipeline = FormLists.blankToNull(defaultPipeline);
        save();
    }

    @Override
    public List<String> dataPlaneNames() {
        return dataPlanes.stream().map(plane -> plane.toModel().name()).toList();
    }

    @Override
    public List<String> environmentNames() {
        return environments.stream().map(EnvironmentConfig::getName).toList();
    }

    @Override
    public List<String> pipelineNames() {
        return pipelines.stream().map(PipelineConfig::getName).toList();
    }

    /** JCasC's {@code projects:}: the folders that are projects, read from their properties (not stored here). */
    public List<ProjectConfig> getProjects() {
        return ProjectFolders.get().read();
    }

    /** JCasC's {@code projects:}: applied to the folders of those names (see {@link ProjectFolders}). */
    @DataBoundSetter
    public void setProjects(List<ProjectConfig> projects) {
        ProjectFolders.get().apply(projects == null ? List.of() : projects);
    }

    /** The configuration as core's unchecked spec; projects come from folder properties. */
    public OrganizationSpec toSpec() {
        return new OrganizationSpec(dataPlanes.stream().map(DataPlaneConfig::toModel).toList(),
                environments.stream().map(EnvironmentConfig::toModel).toList(),
                pipelines.stream().map(PipelineConfig::toModel).toList(), defaultPipeline, List.of());
    }

    /** The validated organization of the global configuration alone; with the folders: {@link Organizations#current()}. */
    public Organization organization() {
        return Organization.of(toSpec());
    }

    /** Replaces the whole configuration from core's spec, as the YAML importer does. */
    public void load(OrganizationSpec spec) {
        List<DataPlaneConfig> planes = new ArrayList<>();
        for (DataPlane plane : spec.dataPlanes()) {
            if (plane instanceof KubernetesDataPlane kubernetes) {
                planes.add(KubernetesDataPlaneConfig.of(kubernetes));
            } else if (plane instanceof GitOpsDataPlane gitops) {
                planes.add(GitOpsDataPlaneConfig.of(gitops));
            }
        }
        this.dataPlanes = planes;
        this.environments = new ArrayList<>(spec.environments().stream().map(EnvironmentConfig::of).toList());
        this.pipelines = new ArrayList<>(spec.pipelines().stream().map(PipelineConfig::of).toList());
        this.defaultPipeline = spec.defaultPipeline();
        save();
        if (!spec.projects().isEmpty()) {
            setProjects(spec.projects().stream().map(CdPipelinesConfiguration::projectConfig).toList());
        }
    }

    private static ProjectConfig projectConfig(io.cdpipelines.model.Project project) {
        ProjectConfig config = new ProjectConfig(project.path());
        project.attachment().ifPresent(attachment -> {
            config.setPipelines(attachment.pipelines());
            config.setDefaultPipeline(attachment.defaultPipeline());
        });
        config.setEnvironments(project.environments().entrySet().stream()
                .map(e -> ProjectEnvironmentConfig.of(e.getKey(), e.getValue())).toList());
        return config;
    }

    @Override
    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        List<DataPlaneConfig> previousPlanes = dataPlanes;
        List<EnvironmentConfig> previousEnvironments = environments;
        List<PipelineConfig> previousPipelines = pipelines;
        String previousDefault = defaultPipeline;
        // folders attach pipelines: the removal rules must see them
        List<io.cdpipelines.model.Project> projects = ProjectFolders.get().projects();
        Organization before = validOrEmpty(toSpec().withProjects(projects));
        // the setters save (for JCasC); inside a bulk change nothing reaches disk until core accepted the whole
        try (BulkChange bulk = new BulkChange(this)) {
            // repeatable lists left empty in the form bind no setter: start from nothing
            dataPlanes = new ArrayList<>();
            environments = new ArrayList<>();
            pipelines = new ArrayList<>();
            defaultPipeline = null;
            req.bindJSON(this, FormLists.normalize(json));
            try {
                Organization next = before.change(toSpec().withProjects(projects));
                // nothing may run in an environment the form removes: name it, and how to retire it. The ledger
                // is asked only then, so that a ledger that cannot be reached blocks no other change (the
                // ledger's own setting is saved with this page)
                List<String> removed = before.environments().stream().map(environment -> environment.name())
                        .filter(name -> next.environment(name).isEmpty()).toList();
                if (!removed.isEmpty()) {
                    EnvironmentRemoval.check(next, boardToCheck(removed));
                }
            } catch (InvalidInputException | RuleViolationException e) {
                bulk.abort();
                dataPlanes = previousPlanes;
                environments = previousEnvironments;
                pipelines = previousPipelines;
                defaultPipeline = previousDefault;
                throw new FormException(e.getMessage(), "pipelines");
            }
            bulk.commit();
        } catch (IOException e) {
            throw new FormException("the CD pipelines configuration could not be saved: " + e.getMessage(), e,
                    "pipelines");
        }
        return true;
    }

    private static List<io.cdpipelines.model.Deployment> boardToCheck(List<String> removed) {
        try {
            return RunningDeployments.get().current();
        } catch (LedgerException e) {
            throw new RuleViolationException("environment " + String.join(", ", removed) + " is removed, but the "
                    + "ledger cannot be read to check that nothing runs there (" + e.getMessage() + "): keep the "
                    + "environment until the ledger can be read");
        }
    }

    private static Organization validOrEmpty(OrganizationSpec spec) {
        try {
            return Organization.of(spec);
        } catch (InvalidInputException e) {
            return Organization.empty();
        }
    }
}
