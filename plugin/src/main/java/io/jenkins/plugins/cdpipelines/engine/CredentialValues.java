package io.jenkins.plugins.cdpipelines.engine;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import io.cdpipelines.driver.SecretValue;
import org.jenkinsci.plugins.plaincredentials.FileCredentials;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

import java.io.IOException;
import java.io.InputStream;

/** The value a credential stands for, as a driver needs it: secret text, a file's bytes, or {@code user:password}. */
final class CredentialValues {

    private CredentialValues() {
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
