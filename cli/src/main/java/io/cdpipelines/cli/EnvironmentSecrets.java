package io.cdpipelines.cli;

import io.cdpipelines.model.InputLimits;
import io.cdpipelines.driver.SecretResolver;
import io.cdpipelines.driver.SecretValue;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.SecretReference;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Secret values for {@code cdp}: credential {@code db-password} is read from the environment variable
 * {@code CDP_SECRET_DB_PASSWORD}, else from the file {@code <data-dir>/secrets/db-password}.
 */
final class EnvironmentSecrets implements SecretResolver {
    private final Path folder;

    EnvironmentSecrets(Path dataDirectory) {
        this.folder = dataDirectory.resolve("secrets");
    }

    static String variableFor(String credentialsId) {
        return "CDP_SECRET_" + credentialsId.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    @Override
    public SecretValue resolve(SecretReference reference, Slot key) {
        String variable = variableFor(reference.credentialsId());
        String value = System.getenv(variable);
        if (value != null) {
            return SecretValue.of(value);
        }
        Path file = folder.resolve(reference.credentialsId());
        if (Files.isRegularFile(file) && file.normalize().startsWith(folder.normalize())) {
            return SecretValue.of(InputLimits.readBytes("secret " + reference.credentialsId(), file,
                    InputLimits.SECRET_BYTES));
        }
        throw new IllegalStateException("credential " + reference.credentialsId() + " is not set: export "
                + variable + " or write it to " + file);
    }
}
