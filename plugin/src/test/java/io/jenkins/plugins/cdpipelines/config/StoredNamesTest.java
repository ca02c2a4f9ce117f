package io.jenkins.plugins.cdpipelines.config;

import com.cloudbees.hudson.plugins.folder.Folder;
import io.jenkins.plugins.cdpipelines.folder.CdPipelinesFolderProperty;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The configuration and the folders are saved under the short names of {@link StoredNames}, not under Java class
 * names that a rename would break, and what earlier versions saved under the class names still reads.
 */
@WithJenkins
class StoredNamesTest {

    @Test
    void theGlobalConfigurationIsSavedUnderStoredNamesAndReadBack(JenkinsRule r) throws Exception {
        CdPipelinesConfiguration configuration = CdPipelinesConfiguration.get();
        configuration.setDataPlanes(List.of(new GitOpsDataPlaneConfig("fleet", "/srv/fleet.git")));
        EnvironmentConfig dev = new EnvironmentConfig("dev");
        dev.setDataPlane("fleet");
        configuration.setEnvironments(List.of(dev));
        File file = new File(r.jenkins.getRootDir(), configuration.getId() + ".xml");
        String saved = Files.readString(file.toPath(), StandardCharsets.UTF_8);
        assertTrue(saved.contains("<cdp-environment>"), saved);
        assertTrue(saved.contains("<cdp-gitops-data-plane>"), saved);
        assertFalse(saved.contains("io.jenkins.plugins.cdpipelines.config.EnvironmentConfig"), saved);

        // as an earlier version saved it: under the class names
        Files.writeString(file.toPath(), saved.replace("cdp-environment>",
                "io.jenkins.plugins.cdpipelines.config.EnvironmentConfig>"), StandardCharsets.UTF_8);
        CdPipelinesConfiguration read = new CdPipelinesConfiguration();
        assertEquals("fleet", read.getEnvironments().get(0).getDataPlane());
    }

    @Test
    void aFoldersPropertyIsSavedUnderItsStoredNameAndAMovedClassStillReads(JenkinsRule r) throws Exception {
        Folder shop = r.jenkins.createProject(Folder.class, "shop");
        CdPipelinesFolderProperty property = new CdPipelinesFolderProperty();
        property.setEnvironments(List.of(new ProjectEnvironmentConfig("dev")));
        shop.addProperty(property);
        String saved = Files.readString(new File(shop.getRootDir(), "config.xml").toPath(), StandardCharsets.UTF_8);
        assertTrue(saved.contains("<cdp-folder"), saved);
        assertTrue(saved.contains("<cdp-project-environment>"), saved);
        // as an earlier version saved it, when the class was in the folder package
        Files.writeString(new File(shop.getRootDir(), "config.xml").toPath(), saved.replace(
                "cdp-project-environment>", "io.jenkins.plugins.cdpipelines.folder.ProjectEnvironmentConfig>"),
                StandardCharsets.UTF_8);
        r.jenkins.reload();
        Folder reloaded = r.jenkins.getItemByFullName("shop", Folder.class);
        CdPipelinesFolderProperty after = reloaded.getProperties().get(CdPipelinesFolderProperty.class);
        assertEquals("dev", after.getEnvironments().get(0).getName());
    }
}
