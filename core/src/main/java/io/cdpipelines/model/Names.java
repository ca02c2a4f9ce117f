package io.cdpipelines.model;

import java.util.Optional;
import java.util.regex.Pattern;

/** The naming rules of the organization's items: environments, pipelines and data planes are DNS-1123 labels. */
public final class Names {
    private static final Pattern DNS_1123_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern COMPONENT = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern FOLDER = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_. ]*[A-Za-z0-9])?");
    private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern KUBERNETES_KIND = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,62}");
    private static final Pattern CREDENTIALS_ID = Pattern.compile("[A-Za-z0-9_.-]+");
    private static final Pattern DNS_1123_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

    private Names() {
    }

    /** Why {@code name} is not a DNS-1123 label, if it is not one. */
    public static Optional<String> dns1123Problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("is required");
        }
        if (name.length() > 63) {
            return Optional.of("\"" + name + "\" is longer than 63 characters");
        }
        if (!DNS_1123_LABEL.matcher(name).matches()) {
            return Optional.of("\"" + name + "\" is not a DNS-1123 label: use lower-case letters, digits and '-', "
                    + "starting and ending with a letter or digit");
        }
        return Optional.empty();
    }

    /** Why {@code path} is not a project path ({@code team-a/shop}: Jenkins folder names joined by '/'). */
    public static Optional<String> projectPathProblem(String path) {
        if (path == null || path.isEmpty()) {
            return Optional.of("is required");
        }
        if (path.startsWith("/") || path.endsWith("/") || path.contains("//")) {
            return Optional.of("\"" + path + "\" is not a project path: folder names joined by '/', "
                    + "with no leading, trailing or doubled '/'");
        }
        // folders and namespaces are made from it: no '.' or '..', no backslash or control character in a folder name
        for (String folder : path.split("/")) {
            if (folder.length() > 253 || !FOLDER.matcher(folder).matches()) {
                return Optional.of("\"" + path + "\" is not a project path: each folder name is letters, digits, "
                        + "'-', '_', '.' and spaces, starting and ending with a letter or digit (\"" + folder
                        + "\" is not)");
            }
        }
        return Optional.empty();
    }

    /**
     * Why {@code component} cannot name a new component: it becomes the names of Kubernetes objects and of folders in
     * GitOps repositories, so it is a DNS-1123 label.
     */
    public static Optional<String> componentProblem(String component) {
        if (component == null || component.isEmpty()) {
            return Optional.of("is required");
        }
        if (component.length() > 63 || !DNS_1123_LABEL.matcher(component).matches()) {
            return Optional.of("\"" + escapeControls(component) + "\" is not a component name: lower-case letters, "
                    + "digits and '-', starting and ending with a letter or digit, at most 63 characters (it names "
                    + "Kubernetes objects); name the component explicitly in that form");
        }
        return Optional.empty();
    }

    /**
     * Why {@code component} is not a component name even by the looser rule of earlier versions (letters, digits,
     * '-', '_' and '.'): what the ledger already holds must still load and be promoted.
     */
    public static Optional<String> recordedComponentProblem(String component) {
        if (component == null || component.isEmpty()) {
            return Optional.of("is required");
        }
        if (component.length() > 253 || !COMPONENT.matcher(component).matches()) {
            return Optional.of("\"" + escapeControls(component) + "\" is not a component name: letters, digits, "
                    + "'-', '_' and '.'");
        }
        return Optional.empty();
    }

    /**
     * Why {@code id} cannot name a credential: Jenkins' credential ids are letters, digits, '_', '-' and '.', which
     * keeps a reference from reaching outside its store ('/', '..').
     */
    public static Optional<String> credentialsIdProblem(String id) {
        if (id == null || id.isBlank()) {
            return Optional.of("is required");
        }
        if (!CREDENTIALS_ID.matcher(id).matches() || id.contains("..")) {
            return Optional.of("\"" + escapeControls(id) + "\" is not a credentials id: letters, digits, '_', '-' "
                    + "and '.' (no '/' or '..'); give the id of the credential as Jenkins or cdp's secrets list it");
        }
        return Optional.empty();
    }

    /**
     * Why {@code path} cannot be where a file is mounted: an absolute, normalized file path (no '.' or '..' step, no
     * empty step, not a folder, no control character).
     */
    public static Optional<String> mountPathProblem(String path) {
        if (path == null || !path.startsWith("/") || path.endsWith("/")) {
            return Optional.of("\"" + escapeControls(String.valueOf(path)) + "\" is not an absolute file path to mount: "
                    + "start it with '/' and end it with the file's name");
        }
        if (path.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("\"" + escapeControls(path) + "\" holds a control character: a mount path is plain text");
        }
        for (String step : path.substring(1).split("/", -1)) {
            if (step.isEmpty() || step.equals(".") || step.equals("..")) {
                return Optional.of("\"" + path + "\" is not a normalized file path (an empty, '.' or '..' step): "
                        + "write the path the file is to have, such as /etc/cart/limits.yaml");
            }
        }
        return Optional.empty();
    }

    /**
     * Why {@code text} may not be recorded, if it may not: text that reaches an audit record (who asked, who approved,
     * a revision, a build link) holds no control characters, so that no value can end a line of a commit message or a
     * log and forge the next one (an {@code Approved-by:} trailer, say). At most 1024 characters.
     */
    public static Optional<String> recordedTextProblem(String text) {
        if (text == null) {
            return Optional.empty();
        }
        if (text.length() > 1024) {
            return Optional.of("is longer than 1024 characters");
        }
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return Optional.of("holds a control character (" + String.format("U+%04X", (int) text.charAt(i))
                        + ") at position " + (i + 1) + ": give it on one line, without tabs or escapes");
            }
        }
        return Optional.empty();
    }

    /** Why {@code name} is not a variable name (an environment variable of the workload), if it is not one. */
    public static Optional<String> variableNameProblem(String name) {
        return name != null && VARIABLE.matcher(name).matches() ? Optional.empty()
                : Optional.of("\"" + name + "\" is not a variable name: letters, digits and '_', not starting with a "
                        + "digit");
    }

    /** Why a Kubernetes object's kind and name cannot name a file of it, if they cannot ({@code deployment-cart}). */
    public static Optional<String> kubernetesObjectProblem(String kind, String name) {
        if (kind == null || !KUBERNETES_KIND.matcher(kind).matches()) {
            return Optional.of("kind \"" + kind + "\" is not a Kubernetes kind (letters and digits, such as "
                    + "Deployment)");
        }
        if (name == null || name.length() > 253 || !DNS_1123_SUBDOMAIN.matcher(name).matches()) {
            return Optional.of(kind + " \"" + name + "\": the name is not a DNS-1123 subdomain (lower-case letters, "
                    + "digits, '-' and '.')");
        }
        return Optional.empty();
    }

    /** Throws a clear error when {@code value} breaks the rule that {@code problem} describes. */
    /** {@code text} with its control characters shown as escapes ({@code \n}, {@code \t}, {@code \u001b}). */
    public static String escapeControls(String text) {
        if (text == null || text.chars().noneMatch(Character::isISOControl)) {
            return text;
        }
        StringBuilder shown = new StringBuilder(text.length() + 8);
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\n' -> shown.append("\\n");
                case '\r' -> shown.append("\\r");
                case '\t' -> shown.append("\\t");
                default -> shown.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : c);
            }
        }
        return shown.toString();
    }

    public static String require(String what, String value, Optional<String> problem) {
        problem.ifPresent(message -> {
            throw new InvalidInputException(what, message);
        });
        return value;
    }
}
