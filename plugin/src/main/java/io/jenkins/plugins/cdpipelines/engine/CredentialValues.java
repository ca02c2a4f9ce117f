package io.jenkins.plugins.cdpipelines.engine;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.model.ItemGroup;
import hudson.security.ACL;
import io.cdpipelines.driver.SecretValue;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** The value a credential stands for, as a driver needs it: secret text, a file's bytes, or {@code user:password}. */
final class CredentialValues {

    private CredentialValues() {
    }

    /**
     * The value of credential {@code id} among those {@code context} may use, looked up on the system's behalf;
     * {@code missing} says where it was looked for, when it is not there.
     */
    static SecretValue inContext(ItemGroup<?> context, String id, String missing) {
        StandardCredentials credentials = CredentialsMatchers.firstOrNull(
                CredentialsProvider.lookupCredentialsInItemGroup(StandardCredentials.class, context, ACL.SYSTEM2,
                        List.of()),
                CredentialsMatchers.withId(id));
        if (credentials == null) {
            throw new IllegalStateException(missing);
        }
        return valueOf(id, credentials);
    }

    static SecretValue valueOf(String id, Credentials credentials) {
        if (credentials instanceof StringCredentials text) {
            return SecretValue.of(text.getSecret().getPlainText());
        }
        if (credentials instanceof FileCredentials file) {
            try (InputStream content = file.getContent()) {
                return SecretValue.of(content.readAllBytes());
            } catch (IOException e) {
                throw new IllegalStateException("credential " + id + " (a file) could not be read");
            }
        }
        if (credentials instanceof StandardUsernamePasswordCredentials login) {
            return SecretValue.of(login.getUsername() + ":" + login.getPassword().getPlainText());
        }
        throw new IllegalStateException("credential " + id + " is of a kind CD Pipelines cannot use: give secret "
                + "text, a secret file, or a username with password");
    }
}
