package io.cdpipelines.driver;

import io.cdpipelines.model.Slot;
import io.cdpipelines.model.SecretReference;

/**
 * Turns a secret reference into its value at deploy time: Jenkins credentials in the plugin, files or environment
 * variables in {@code cdp}. Called only for a deployment that passed every rule.
 */
@FunctionalInterface
public interface SecretResolver {
    SecretResolver NONE = (reference, key) -> {
        throw new IllegalStateException("no secret resolver is configured, so credential "
                + reference.credentialsId() + " cannot be read");
    };

    /** @throws RuntimeException with a message that names the reference, never a value */
    SecretValue resolve(SecretReference reference, Slot key);
}
