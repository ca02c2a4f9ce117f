package io.cdpipelines.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.cdpipelines.model.Durations;
import io.cdpipelines.model.Problem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/** Reads typed values out of a YAML tree, collecting a located problem for every key that is unknown or mistyped. */
final class YamlTree {

    private final List<Problem> problems = new ArrayList<>();

    List<Problem> problems() {
        return problems;
    }

    void problem(String path, String message) {
        problems.add(new Problem(path, message));
    }

    /** Whether {@code node} is a mapping holding only {@code allowed} keys; each other key is reported. */
    boolean mapping(JsonNode node, String path, Set<String> allowed) {
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isObject()) {
            problem(path, "expected a mapping of " + String.join(", ", new java.util.TreeSet<>(allowed)));
            return false;
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!allowed.contains(key)) {
                problem(join(path, key), "unknown key \"" + key + "\" (allowed: "
                        + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        }
        return true;
    }

    String string(JsonNode parent, String path, String key, boolean required) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            if (required) {
                problem(join(path, key), "is required");
            }
            return null;
        }
        if (!node.isValueNode()) {
            problem(join(path, key), "expected a text value");
            return null;
        }
        return node.asText();
    }

    boolean bool(JsonNode parent, String path, String key) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return false;
        }
        if (!node.isBoolean()) {
            problem(join(path, key), "expected true or false");
            return false;
        }
        return node.booleanValue();
    }

    List<String> strings(JsonNode parent, String path, String key) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problem(join(path, key), "expected a list, such as [dev, staging]");
            return List.of();
        }
        List<String> values = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            if (!node.get(i).isValueNode() || node.get(i).isNull()) {
                problem(join(path, key) + "[" + i + "]", "expected a name");
            } else {
                values.add(node.get(i).asText());
            }
        }
        return values;
    }

    /** Each item of the list under {@code key}, read by {@code reader} with its own path. */
    <T> List<T> list(JsonNode parent, String path, String key, BiFunction<JsonNode, String, Optional<T>> reader) {
        JsonNode node = parent.get(key);
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            problem(join(path, key), "expected a list");
            return List.of();
        }
        List<T> items = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            reader.apply(node.get(i), join(path, key) + "[" + i + "]").ifPresent(items::add);
        }
        return items;
    }

    Duration duration(JsonNode parent, String path, String key) {
        String text = string(parent, path, key, false);
        Optional<Duration> duration = Durations.parse(text);
        if (duration.isEmpty()) {
            problem(join(path, key), "\"" + text + "\" is not a duration: " + Durations.hint());
        }
        return duration.orElse(Duration.ZERO);
    }

    static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }
}
