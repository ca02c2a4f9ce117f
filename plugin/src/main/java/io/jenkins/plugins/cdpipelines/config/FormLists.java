package io.jenkins.plugins.cdpipelines.config;

import net.sf.json.JSONArray;
import net.sf.json.JSONObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Lists of names typed in a form as one text ({@code dev, staging, production}): before binding, each such field
 * that arrives as text becomes a JSON array, so the same {@code List<String>} setters serve the forms and JCasC.
 */
public final class FormLists {
    private static final Set<String> LIST_FIELDS = Set.of("approvers", "environments", "to", "allSourcesRequired",
            "pipelines");

    private FormLists() {
    }

    /** Rewrites, in place and recursively, every list field given as text into an array. */
    public static JSONObject normalize(JSONObject form) {
        for (Object name : form.keySet().toArray()) {
            String key = (String) name;
            Object value = form.get(key);
            if (value instanceof String text && LIST_FIELDS.contains(key)) {
                form.put(key, JSONArray.fromObject(split(text)));
            } else if (value instanceof JSONObject nested) {
                normalize(nested);
            } else if (value instanceof JSONArray array) {
                for (Object item : array) {
                    if (item instanceof JSONObject nested) {
                        normalize(nested);
                    }
                }
            }
        }
        return form;
    }

    /** {@code "dev, staging  production"} → {@code [dev, staging, production]}. */
    public static List<String> split(String text) {
        return Arrays.stream(text.split("[,\\s]+")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * A bound list as the configuration keeps it: a mutable copy (Jenkins' class filter refuses to save Java's
     * immutable lists), empty for none.
     */
    public static <T> List<T> copyOf(List<T> items) {
        return items == null ? new ArrayList<>() : new ArrayList<>(items);
    }

    /** A bound text as the configuration keeps it: trimmed, and null when blank. */
    public static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The text a form shows for a list. */
    public static String join(List<String> items) {
        return items == null ? "" : String.join(", ", items);
    }
}
