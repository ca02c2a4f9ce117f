package io.jenkins.plugins.cdpipelines.folder;

import com.cloudbees.hudson.plugins.folder.Folder;
import io.cdpipelines.config.OrganizationYaml;
import io.cdpipelines.model.Organization;
import io.jenkins.plugins.casc.ConfigurationAsCode;
import io.jenkins.plugins.cdpipelines.config.OrganizationProblems;
import io.jenkins.plugins.cdpipelines.config.Organizations;
import hudson.ExtensionList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.junit.jupiter.JenkinsSessionExtension;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** JCasC's {@code projects:} at startup, when JCasC runs before the folders are loaded from disk. */
class ProjectsAsCodeAtStartupTest {
    @RegisterExtension
    private final JenkinsSessionExtension sessions = new JenkinsSessionExtension();

    @TempDir
    Path dir;

    @Test
    void projectsReachFoldersThatAreLoadedAfterJcascRan() throws Throwable {
        sessions.then(r -> {
            Folder teamA = r.jenkins.createProject(Folder.class, "team-a");
            teamA.createProject(Folder.class, "shop");
        });
        String yaml;
        try (InputStream in = getClass().getResourceAsStream(
                "/io/jenkins/plugins/cdpipelines/config/organization-with-projects.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Path config = Files.writeString(dir.resolve("jenkins.yaml"), yaml);
        Organization core = OrganizationYaml.load(yaml);
        System.setProperty(ConfigurationAsCode.CASC_JENKINS_CONFIG_PROPERTY, config.toString());
        try {
            sessions.then(r -> {
                assertEquals(List.of(), ProjectsAsCode.get().waiting());
                assertEquals(List.of(), ExtensionList.lookupSingleton(OrganizationProblems.class).getProblems());
                assertEquals(Set.copyOf(core.spec().projects()),
                        Set.copyOf(Organizations.current().spec().projects()));
            });
        } finally {
            System.clearProperty(ConfigurationAsCode.CASC_JENKINS_CONFIG_PROPERTY);
        }
    }
}
