package io.cdpipelines.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * The resolved configuration a deployment ran with: variables and files in full, secrets only as references plus a
 * hash of those references, so that a rollback restores exactly the earlier configuration without ever holding a
 * secret value.
 */
public record ConfigurationSnapshot(Map<String, String> variables, Map<String, String> files,
                                    Map<String, SecretReference> secrets, String secretsHash) {

    public ConfigurationSnapshot {
        variables = Map.copyOf(variables);
        files = Map.copyOf(files);
        secrets = Map.copyOf(secrets);
    }

    public static ConfigurationSnapshot of(Configuration configuration) {
        return new ConfigurationSnapshot(configuration.variables(), configuration.files(), configuration.secrets(),
                hashOf(configuration.secrets()));
    }

    /** The configuration to deploy again, as a rollback does. */
    public Configuration configuration() {
        return new Configuration(new TreeMap<>(variables), new TreeMap<>(files), new TreeMap<>(secrets));
    }

    private static String hashOf(Map<String, SecretReference> secrets) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            new TreeMap<>(secrets).forEach((name, reference) ->
                    sha.update((name + "=" + reference.credentialsId() + "\n").getBytes(StandardCharsets.UTF_8)));
            return "sha256:" + HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
