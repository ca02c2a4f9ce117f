package io.jenkins.plugins.cdpipelines.config;

import com.cloudbees.hudson.plugins.folder.Folder;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.SecretBytes;
import com.cloudbees.plugins.credentials.domains.Domain;
import hudson.ExtensionList;
import hudson.util.ListBoxModel;
import hudson.util.Secret;
import io.cdpipelines.config.OrganizationYaml;
import io.cdpipelines.model.Organization;
import io.jenkins.plugins.cdpipelines.folder.CdPipelinesFolderProperty;
import org.htmlunit.html.HtmlForm;
import org.jenkinsci.plugins.plaincredentials.impl.FileCredentialsImpl;
import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl;
import org.htmlunit.html.HtmlPage;
import org.junit.jupiter.api.Test;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the forms show is what they save: the global configuration and a folder's property survive a round trip. */
@WithJenkins
class ConfigRoundTripTest {

    @Test
    void globalConfigurationSurvivesTheForm(JenkinsRule r) throws Exception {
        String yaml = io.jenkins.plugins.casc.misc.Util.toStringFromYamlFile(this, "organization.yaml");
        CdPipelinesConfiguration.get().load(OrganizationYaml.read(yaml));
        Organization before = CdPipelinesConfiguration.get().organization();
        r.configRoundtrip();
        assertEquals(before, CdPipelinesConfiguration.get().organization());
    }

    @Test
    void aFolderSavedWithTheSectionLeftEmptyIsNoProject(JenkinsRule r) throws Exception {
        String yaml = io.jenkins.plugins.casc.misc.Util.toStringFromYamlFile(this, "organization.yaml");
        CdPipelinesConfiguration.get().load(OrganizationYaml.read(yaml));
        Folder plain = r.jenkins.createProject(Folder.class, "plain");
        r.configRoundtrip(plain);
        assertEquals(null, plain.getProperties().get(CdPipelinesFolderProperty.class));
        assertTrue(Organizations.current().spec().projects().stream().noneMatch(p -> p.path().equals("plain")));
    }

    @Test
    void credentialPickersOfferOnlyKindsTheFieldCanUse(JenkinsRule r) throws Exception {
        var store = CredentialsProvider.lookupStores(r.jenkins).iterator().next();
        store.addCredentials(Domain.global(), new StringCredentialsImpl(CredentialsScope.GLOBAL, "token", "a token",
                Secret.fromString("t")));
        store.addCredentials(Domain.global(), new FileCredentialsImpl(CredentialsScope.GLOBAL, "kubeconfig",
                "a kubeconfig", "config", SecretBytes.fromRawBytes("apiVersion: v1".getBytes(StandardCharsets.UTF_8))));
        var kubernetes = r.jenkins.getDescriptorByType(KubernetesDataPlaneConfig.DescriptorImpl.class);
        assertEquals(List.of("", "token"), values(kubernetes.doFillCredentialsIdItems(null)));
        assertEquals(List.of("", "kubeconfig"), values(kubernetes.doFillKubeconfigCredentialsIdItems(null)));
        var gitops = r.jenkins.getDescriptorByType(GitOpsDataPlaneConfig.DescriptorImpl.class);
        assertEquals(List.of("", "token"), values(gitops.doFillCredentialsIdItems(null)));
    }

    private static List<String> values(ListBoxModel model) {
        return model.stream().map(option -> option.value).toList();
    }

    @Test
    void aConfigurationThatCannotBeReadIsShownToAdministratorsNotThrownIntoTheirPages(JenkinsRule r)
            throws Exception {
        // what an incomplete JCasC entry leaves: an environment without a name
        CdPipelinesConfiguration.get().setEnvironments(List.of(new EnvironmentConfig(null)));
        OrganizationProblems monitor = ExtensionList.lookupSingleton(OrganizationProblems.class);
        assertFalse(monitor.getProblems().isEmpty());
        assertTrue(r.createWebClient().goTo("manage/").asNormalizedText()
                .contains("The CD Pipelines configuration has problems"));
    }

    @Test
    void labelsWithBracesAndParenthesesShowAsWritten(JenkinsRule r) throws Exception {
        String yaml = io.jenkins.plugins.casc.misc.Util.toStringFromYamlFile(this, "organization.yaml");
        CdPipelinesConfiguration.get().load(OrganizationYaml.read(yaml));
        String page = r.createWebClient().goTo("manage/configure").asNormalizedText();
        // Jelly's ${%...} ends at the first brace and reads a parenthesis as arguments: such labels are plain text
        assertTrue(page.contains("May use {project} and {component}."), page);
        assertTrue(page.contains("CA certificate (PEM)"), page);
    }

    @Test
    void folderPropertySurvivesTheForm(JenkinsRule r) throws Exception {
        String yaml = io.jenkins.plugins.casc.misc.Util.toStringFromYamlFile(this, "organization.yaml");
        CdPipelinesConfiguration.get().load(OrganizationYaml.read(yaml));
        Folder shop = r.jenkins.createProject(Folder.class, "shop");
        CdPipelinesFolderProperty property = new CdPipelinesFolderProperty();
        property.setPipelines(List.of("standard", "global"));
        property.setDefaultPipeline("global");
        shop.addProperty(property);
        r.configRoundtrip(shop);
        CdPipelinesFolderProperty saved = shop.getProperties().get(CdPipelinesFolderProperty.class);
        assertEquals(List.of("standard", "global"), saved.getPipelines());
        assertEquals("global", saved.getDefaultPipeline());
        assertEquals(List.of("standard", "global"), Organizations.current().pipelinesFor("shop/cart").names());
    }

    @Test
    void saveRefusesWhatCoreRefusesWithCoresMessageAndKeepsThePreviousConfiguration(JenkinsRule r)
            throws Exception {
        String yaml = io.jenkins.plugins.casc.misc.Util.toStringFromYamlFile(this, "organization.yaml");
        CdPipelinesConfiguration.get().load(OrganizationYaml.read(yaml));
        Organization before = CdPipelinesConfiguration.get().organization();
        JenkinsRule.WebClient web = r.createWebClient().withThrowExceptionOnFailingStatusCode(false);
        HtmlForm form = web.goTo("manage/configure").getFormByName("config");
        form.getInputByName("_.defaultPipeline").setValue("nowhere");
        HtmlPage refused = r.submit(form);
        assertEquals(400, refused.getWebResponse().getStatusCode());
        assertTrue(refused.asNormalizedText().contains("defaultPipeline: unknown pipeline \"nowhere\""),
                refused.asNormalizedText());
        assertEquals(before, CdPipelinesConfiguration.get().organization());
        // and on disk, where a restart reads it: the refused form never got there
        assertEquals(before, new CdPipelinesConfiguration().organization());
    }
}
