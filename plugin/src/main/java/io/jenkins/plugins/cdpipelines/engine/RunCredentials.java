package io.jenkins.plugins.cdpipelines.engine;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.model.Run;
import io.cdpipelines.driver.SecretResolver;
import io.cdpipelines.driver.SecretValue;
import io.cdpipelines.model.SecretReference;
import io.cdpipelines.model.Slot;

/**
 * Secrets of a deployment's configuration, looked up as the build may see them (its folder's and the global
 * credentials, under the build's authorization) and tracked on the build.
 */
public final class RunCredentials implements SecretResolver {
    private final Run<?, ?> run;

    public RunCredentials(Run<?, ?> run) {
        this.run = run;
    }

    @Override
    public SecretValue resolve(SecretReference reference, Slot key) {
        StandardCredentials credentials = CredentialsProvider.findCredentialById(reference.credentialsId(),
                StandardCredentials.class, run);
        if (credentials == null) {
            throw new IllegalStateException("credential " + reference.credentialsId() + " is not visible to "
                    + run.getFullDisplayName() + ": add it to the folder or the global credentials");
        }
        CredentialsProvider.track(run, credentials);
        return CredentialValues.valueOf(reference.credentialsId(), credentials);
    }
}
