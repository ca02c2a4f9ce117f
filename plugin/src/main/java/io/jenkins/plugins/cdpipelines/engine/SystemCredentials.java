package io.jenkins.plugins.cdpipelines.engine;

import io.cdpipelines.driver.SecretResolver;
import io.cdpipelines.driver.SecretValue;
import io.cdpipelines.model.SecretReference;
import io.cdpipelines.model.Slot;
import jenkins.model.Jenkins;

/**
 * Credentials of the data planes themselves (a cluster's token or kubeconfig, a GitOps push token): set up by
 * platform engineers in the global credentials and used on the system's behalf, never by a build's own rights.
 */
public final class SystemCredentials implements SecretResolver {

    @Override
    public SecretValue resolve(SecretReference reference, Slot key) {
        return CredentialValues.inContext(Jenkins.get(), reference.credentialsId(), "data plane credential "
                + reference.credentialsId() + " is not among the global credentials");
    }
}
