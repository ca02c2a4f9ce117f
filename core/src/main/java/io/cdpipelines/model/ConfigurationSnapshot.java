package io.cdpipelines.model;

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
        Map<String, String> references = new TreeMap<>();
        secrets.forEach((name, reference) -> references.put(name, reference.credentialsId()));
        return ContentHash.of(references);
    }
}
