package io.cdpipelines.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpipelines.model.ConfigurationSnapshot;
import io.cdpipelines.model.SecretReference;
import io.cdpipelines.model.Workload;

import java.util.Map;
import java.util.TreeMap;

/** The stored form of configuration snapshots and workloads: JSON with sorted keys; secrets as credential ids only. */
final class SnapshotJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SnapshotJson() {
    }

    static String write(ConfigurationSnapshot snapshot) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode variables = root.putObject("variables");
        new TreeMap<>(snapshot.variables()).forEach(variables::put);
        ObjectNode files = root.putObject("files");
        new TreeMap<>(snapshot.files()).forEach(files::put);
        ObjectNode secrets = root.putObject("secrets");
        new TreeMap<>(snapshot.secrets()).forEach((name, ref) -> secrets.put(name, ref.credentialsId()));
        root.put("secretsHash", snapshot.secretsHash());
        return root.toString();
    }

    static ConfigurationSnapshot read(String json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            Map<String, String> variables = new TreeMap<>();
            root.path("variables").fields().forEachRemaining(e -> variables.put(e.getKey(), e.getValue().asText()));
            Map<String, String> files = new TreeMap<>();
            root.path("files").fields().forEachRemaining(e -> files.put(e.getKey(), e.getValue().asText()));
            Map<String, SecretReference> secrets = new TreeMap<>();
            root.path("secrets").fields().forEachRemaining(
                    e -> secrets.put(e.getKey(), new SecretReference(e.getValue().asText())));
            return new ConfigurationSnapshot(variables, files, secrets, root.path("secretsHash").asText());
        } catch (JsonProcessingException e) {
            throw new LedgerException("a stored configuration snapshot is not valid JSON: the ledger is damaged", e);
        }
    }

    static String writeWorkload(Workload workload) {
        ObjectNode root = MAPPER.createObjectNode();
        if (workload.manifests() != null) {
            root.put("manifests", workload.manifests());
        }
        if (workload.port() != null) {
            root.put("port", workload.port());
        }
        root.put("replicas", workload.replicas());
        return root.toString();
    }

    static Workload readWorkload(String json) {
        try {
            JsonNode root = MAPPER.readTree(json);
            return new Workload(root.hasNonNull("manifests") ? root.get("manifests").asText() : null,
                    root.hasNonNull("port") ? root.get("port").asInt() : null, root.path("replicas").asInt(1));
        } catch (JsonProcessingException e) {
            throw new LedgerException("a stored workload is not valid JSON: the ledger is damaged", e);
        }
    }
}
