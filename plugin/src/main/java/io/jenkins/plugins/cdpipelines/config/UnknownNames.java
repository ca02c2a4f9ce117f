package io.jenkins.plugins.cdpipelines.config;

import hudson.util.FormValidation;

import java.util.List;

/** A form check of a list of names typed as text: each must be one the configuration knows. */
public final class UnknownNames {

    private UnknownNames() {
    }

    public static FormValidation check(String text, List<String> known, String what) {
        List<String> unknown = FormLists.split(text == null ? "" : text).stream()
                .filter(name -> !known.contains(name)).toList();
        return unknown.isEmpty() ? FormValidation.ok() : FormValidation.warning("Unknown " + what
                + (unknown.size() == 1 ? " " : "s ") + String.join(", ", unknown) + " (known: " + String.join(", ", known)
                + ")");
    }
}
