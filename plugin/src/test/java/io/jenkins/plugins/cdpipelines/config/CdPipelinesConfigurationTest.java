package io.jenkins.plugins.cdpipelines.config;

import com.cloudbees.hudson.plugins.folder.Folder;
import hudson.ExtensionList;
import io.cdpipelines.config.OrganizationYaml;
import io.cdpipelines.model.Organization;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.Util;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.casc.model.CNode;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JCasC imports and exports exactly the YAML shape that core reads. */
@WithJenkinsConfiguredWithCode
class CdPipelinesConfigurationTest {

    @Test
    @ConfiguredWithCode("organization.yaml")
    void importsTheOrganizationCoreReadsFromTheSameFile(JenkinsConfiguredWithCodeRule j) throws Exception {
        Organization imported = CdPipelinesConfiguration.get().organization();
        Organization core = OrganizationYaml.load(Util.toStringFromYamlFile(this, "organization.yaml"));
        assertEquals(core, imported);
        assertEquals("standard", imported.defaultPipeline().orElseThrow().name());
    }

    @Test
    @ConfiguredWithCode("organization.yaml")
    void exportsWhatCoreReadsBackUnchanged(JenkinsConfiguredWithCodeRule j) throws Exception {
        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        CNode node = Util.getUnclassifiedRoot(context).get("cdPipelines");
        assertNotNull(node);
        String exported = Util.toYamlString(node);
        assertEquals(CdPipelinesConfiguration.get().organization(), OrganizationYaml.load(exported));
    }

    @Test
    @ConfiguredWithCode("organization.yaml")
    void savedConfigurationSurvivesARestartOfTheDescriptor(JenkinsConfiguredWithCodeRule j) {
        Organization before = CdPipelinesConfiguration.get().organization();
        CdPipelinesConfiguration reloaded = new CdPipelinesConfiguration();
        assertEquals(before, reloaded.organization());
    }

    @Test
    @ConfiguredWithCode("invalid-organization.yaml")
    void invalidImportIsShownToAdministratorsWithCoresMessage(JenkinsConfiguredWithCodeRule j) {
        OrganizationProblems monitor = ExtensionList.lookupSingleton(OrganizationProblems.class);
        assertTrue(monitor.isActivated());
        assertTrue(monitor.getProblems().stream().anyMatch(problem -> problem.contains("environments[0].dataPlane")
                && problem.contains("unknown data plane \"moon\"")), monitor.getProblems().toString());
    }

    @Test
    @ConfiguredWithCode("organization-with-projects.yaml")
    void projectsApplyToTheirFoldersOnceTheyExistAndExportAsCoreReadsThem(JenkinsConfiguredWithCodeRule j)
            throws Exception {
        // JCasC sets the global configuration before folders exist: the entries wait, and the monitor says so
        OrganizationProblems monitor = ExtensionList.lookupSingleton(OrganizationProblems.class);
        assertTrue(monitor.getProblems().contains("projects: no folder team-a exists: create it (JCasC applies the "
                + "entry when it is created), or remove the entry"), monitor.getProblems().toString());

        Folder teamA = j.jenkins.createProject(Folder.class, "team-a");
        teamA.createProject(Folder.class, "shop");
        Organization core = OrganizationYaml.load(Util.toStringFromYamlFile(this, "organization-with-projects.yaml"));
        assertEquals(Set.copyOf(core.spec().projects()), Set.copyOf(Organizations.current().spec().projects()));
        assertEquals("global", Organizations.current().pipelinesFor("team-a/cart").defaultPipeline().name());

        ConfigurationContext context = new ConfigurationContext(ConfiguratorRegistry.get());
        String exported = Util.toYamlString(Util.getUnclassifiedRoot(context).get("cdPipelines"));
        assertEquals(Set.copyOf(core.spec().projects()), Set.copyOf(OrganizationYaml.load(exported).spec().projects()));
    }
}
