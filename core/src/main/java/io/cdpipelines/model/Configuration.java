package io.cdpipelines.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Environment-specific configuration applied at deploy time: variables, files (mount path to content) and secrets
 * (name to reference). Layers merge key by key, the later layer winning.
 */
public record Configuration(Map<String, String> variables, Map<String, String> files,
                            Map<String, SecretReference> secrets) {
    public static final Configuration EMPTY = new Configuration(Map.of(), Map.of(), Map.of());

    public Configuration {
        variables = frozen(variables);
        files = frozen(files);
        secrets = frozen(secrets);
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            InputLimits.requireSize("variables", "the value of " + variable.getKey(), variable.getValue(),
                    InputLimits.VALUE_BYTES);
        }
        InputLimits.requireSize("variables", "the total of the variables", String.join("", variables.values()),
                InputLimits.VARIABLES_BYTES);
        InputLimits.requireSize("files", "the total of the mounted files", String.join("", files.values()),
                InputLimits.MOUNTED_FILES_BYTES);
    }

    /** This layer with {@code over} laid on top of it. */
    public Configuration overriddenBy(Configuration over) {
        if (over.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return over;
        }
        return new Configuration(merged(variables, over.variables), merged(files, over.files),
                merged(secrets, over.secrets));
    }

    public boolean isEmpty() {
        return variables.isEmpty() && files.isEmpty() && secrets.isEmpty();
    }

    private static <V> Map<String, V> merged(Map<String, V> under, Map<String, V> over) {
        Map<String, V> result = new LinkedHashMap<>(under);
        result.putAll(over);
        return result;
    }

    private static <V> Map<String, V> frozen(Map<String, V> map) {
        return map == null || map.isEmpty() ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }
}
