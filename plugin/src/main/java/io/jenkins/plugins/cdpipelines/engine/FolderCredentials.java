package io.jenkins.plugins.cdpipelines.engine;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.model.ItemGroup;
import hudson.security.ACL;
import io.cdpipelines.driver.SecretResolver;
import io.cdpipelines.driver.SecretValue;
import io.cdpipelines.model.SecretReference;
import io.cdpipelines.model.Slot;

import java.util.List;

/**
 * The credentials a promotion started from the deploy view may use: those the project's folder may use (its own and
 * its parents', the global ones), as a build in that folder could; never another folder's.
 */
public final class FolderCredentials implements SecretResolver {
    private final ItemGroup<?> folder;

    public FolderCredentials(ItemGroup<?> folder) {
        this.folder = folder;
    }

    @Override
    public SecretValue resolve(SecretReference reference, Slot key) {
        StandardCredentials credentials = CredentialsMatchers.firstOrNull(
                CredentialsProvider.lookupCredentialsInItemGroup(StandardCredentials.class, folder, ACL.SYSTEM2,
                        List.of()),
                CredentialsMatchers.withId(reference.credentialsId()));
        if (credentials == null) {
            throw new IllegalStateException("credential " + reference.credentialsId() + " is not one that "
                    + folder.getFullName() + " may use");
        }
        return CredentialValues.valueOf(reference.credentialsId(), credentials);
    }
}
