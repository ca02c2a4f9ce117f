package io.jenkins.plugins.cdpipelines.engine;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.security.ACL;
import io.cdpipelines.driver.SecretResolver;
import io.cdpipelines.driver.SecretValue;
import io.cdpipelines.model.SecretReference;
import io.cdpipelines.model.Slot;
import jenkins.model.Jenkins;

import java.util.List;

/**
 * Credentials of the data planes themselves (a cluster's token or kubeconfig, a GitOps push token): set up by
 * platform engineers in the global credentials and used on the system's behalf, never by a build's own rights.
 */
public final class SystemCredentials implements SecretResolver {

    @Override
    public SecretValue resolve(SecretReference reference, Slot key) {
        StandardCredentials credentials = CredentialsMatchers.firstOrNull(
                CredentialsProvider.lookupCredentialsInItemGroup(StandardCredentials.class, Jenkins.get(),
                        ACL.SYSTEM2, List.of()),
                CredentialsMatchers.withId(reference.credentialsId()));
        if (credentials == null) {
            throw new IllegalStateException("data plane credential " + reference.credentialsId()
                    + " is not among the global credentials");
        }
        return CredentialValues.valueOf(reference.credentialsId(), credentials);
    }
}
