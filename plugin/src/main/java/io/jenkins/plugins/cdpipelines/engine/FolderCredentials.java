package io.jenkins.plugins.cdpipelines.engine;

import hudson.model.ItemGroup;
import io.cdpipelines.driver.SecretResolver;
import io.cdpipelines.driver.SecretValue;
import io.cdpipelines.model.SecretReference;
import io.cdpipelines.model.Slot;

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
        return CredentialValues.inContext(folder, reference.credentialsId(), "credential "
                + reference.credentialsId() + " is not one that " + folder.getFullName() + " may use");
    }
}
