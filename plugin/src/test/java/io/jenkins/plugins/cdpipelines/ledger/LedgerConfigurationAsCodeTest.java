package io.jenkins.plugins.cdpipelines.ledger;

import hudson.ExtensionList;
import io.jenkins.plugins.casc.ConfigurationContext;
import io.jenkins.plugins.casc.ConfiguratorRegistry;
import io.jenkins.plugins.casc.misc.ConfiguredWithCode;
import io.jenkins.plugins.casc.misc.JenkinsConfiguredWithCodeRule;
import io.jenkins.plugins.casc.misc.Util;
import io.jenkins.plugins.casc.misc.junit.jupiter.WithJenkinsConfiguredWithCode;
import io.jenkins.plugins.cdpipelines.config.OrganizationProblems;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ledger's place in JCasC; a ledger that cannot be reached is said in its own words to administrators. */
@WithJenkinsConfiguredWithCode
class LedgerConfigurationAsCodeTest {

    @Test
    @ConfiguredWithCode("ledger.yaml")
    void importsAndExportsTheSharedLedgerAndSaysWhenItCannotBeReached(JenkinsConfiguredWithCodeRule j)
            throws Exception {
        LedgerConfiguration settings = LedgerConfiguration.get();
        assertEquals("postgresql://127.0.0.1:1/cdp", settings.getUrl());
        assertEquals("cd-ledger", settings.getCredentialsId());
        String exported = Util.toYamlString(Util.getUnclassifiedRoot(new ConfigurationContext(
                ConfiguratorRegistry.get())).get("cdPipelinesLedger"));
        assertTrue(exported.contains("url: \"postgresql://127.0.0.1:1/cdp\"") && exported.contains("cd-ledger"),
                exported);

        // the credential is missing: the monitor says so, in words, and how to fix it
        OrganizationProblems monitor = ExtensionList.lookupSingleton(OrganizationProblems.class);
        assertTrue(monitor.getProblems().stream().anyMatch(problem -> problem.contains("the ledger credential "
                + "cd-ledger is not a username with password among the global credentials")),
                monitor.getProblems().toString());
    }
}
