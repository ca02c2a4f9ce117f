package io.cdpipelines.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.cdpipelines.model.Attachment;
import io.cdpipelines.model.CdPipeline;
import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.DataPlane;
import io.cdpipelines.model.Environment;
import io.cdpipelines.model.GitOpsDataPlane;
import io.cdpipelines.model.InputLimits;
import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.KubernetesDataPlane;
import io.cdpipelines.model.Organization;
import io.cdpipelines.model.OrganizationSpec;
import io.cdpipelines.model.Problem;
import io.cdpipelines.model.Project;
import io.cdpipelines.model.PromotionPath;
import io.cdpipelines.model.Protection;
import io.cdpipelines.model.SecretReference;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The organization as YAML, in the shape the plugin shows under {@code unclassified: cdPipelines:} in JCasC. Reading
 * reports every problem at once with its path; unknown keys are errors; secrets are credential ids only. Writing
 * gives back the same shape, so that what is exported reads in again unchanged.
 */
public final class OrganizationYaml {
    // a key given twice would silently win with its last value (switching a gate off, say): refused instead
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE));

    private static final Set<String> ROOT = Set.of("dataPlanes", "environments", "pipelines", "defaultPipeline",
            "projects");
    private static final Set<String> KUBERNETES = Set.of("name", "serverUrl", "caCertificate", "credentialsId",
            "kubeconfigCredentialsId", "context", "defaultNamespace");
    private static final Set<String> GITOPS = Set.of("name", "repository", "branch", "pathPrefix", "credentialsId");
    private static final Set<String> ENVIRONMENT = Set.of("name", "displayName", "dataPlane", "namespace",
            "production", "configuration", "protection", "createNamespace", "rollbackOnFailure");
    private static final Set<String> CONFIGURATION = Set.of("variables", "files", "secrets");
    private static final Set<String> PROTECTION = Set.of("approvalRequired", "approvers", "allowSelfApproval",
            "minimumSoak");
    private static final Set<String> PIPELINE = Set.of("name", "description", "environments", "paths",
            "allSourcesRequired");
    private static final Set<String> PATH = Set.of("from", "to");
    private static final Set<String> PROJECT = Set.of("path", "pipelines", "defaultPipeline", "environments");
    private static final Set<String> PROJECT_ENVIRONMENT = Set.of("name", "variables", "files", "secrets");

    private final YamlTree tree = new YamlTree();
    /** What the messages call the text read: "the configuration", or "the configuration in FILE". */
    private final String source;

    private OrganizationYaml(String source) {
        this.source = source;
    }

    /** Reads and validates an organization; every problem, of shape or of rules, is reported in one exception. */
    public static Organization load(String yaml) {
        return load(yaml, "the configuration");
    }

    private static Organization load(String yaml, String source) {
        OrganizationYaml reader = new OrganizationYaml(source);
        OrganizationSpec spec = reader.readSpec(yaml);
        List<Problem> problems = new ArrayList<>(reader.tree.problems());
        try {
            Organization organization = Organization.of(spec);
            if (problems.isEmpty()) {
                return organization;
            }
        } catch (InvalidInputException invalid) {
            Set<String> reported = new HashSet<>();
            problems.forEach(p -> reported.add(p.path()));
            // a value already reported as mistyped is not reported again as missing
            invalid.problems().stream().filter(p -> !reported.contains(p.path())).forEach(problems::add);
        }
        throw new InvalidInputException(problems);
    }

    public static Organization load(Path file) {
        return load(InputLimits.readText("config", file, InputLimits.CONFIGURATION_BYTES), inFile(file));
    }

    /** What messages call the configuration read from {@code file}. */
    private static String inFile(Path file) {
        return "the configuration in " + file;
    }

    /** Reads the shape only, for a caller that validates later (the Jenkins form, which collects more first). */
    public static OrganizationSpec read(String yaml) {
        return read(yaml, "the configuration");
    }

    /** As {@link #read(String)}, for the text of {@code file}: messages name the file. */
    public static OrganizationSpec read(String yaml, Path file) {
        return read(yaml, inFile(file));
    }

    private static OrganizationSpec read(String yaml, String source) {
        OrganizationYaml reader = new OrganizationYaml(source);
        OrganizationSpec spec = reader.readSpec(yaml);
        if (!reader.tree.problems().isEmpty()) {
            throw new InvalidInputException(reader.tree.problems());
        }
        return spec;
    }

    private OrganizationSpec readSpec(String yaml) {
        JsonNode root = parse(yaml, source);
        // Paths are counted from the cdPipelines mapping, so they read the same in every form of the file.
        String path = "";
        if (root != null && root.has("unclassified")) {
            root = root.get("unclassified").get("cdPipelines");
        } else if (root != null && root.has("cdPipelines")) {
            root = root.get("cdPipelines");
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            return new OrganizationSpec(List.of(), List.of(), List.of(), null, List.of());
        }
        if (!tree.mapping(root, path, ROOT)) {
            throw new InvalidInputException(tree.problems());
        }
        final String at = path;
        return new OrganizationSpec(
                tree.list(root, at, "dataPlanes", this::dataPlane),
                tree.list(root, at, "environments", this::environment),
                tree.list(root, at, "pipelines", this::pipeline),
                tree.string(root, at, "defaultPipeline", false),
                tree.list(root, at, "projects", this::project));
    }

    private Optional<DataPlane> dataPlane(JsonNode node, String path) {
        if (!tree.mapping(node, path, Set.of("kubernetes", "gitops")) || node.size() != 1) {
            if (node != null && node.isObject() && node.size() != 1) {
                tree.problem(path, "give exactly one of kubernetes: or gitops:");
            }
            return Optional.empty();
        }
        if (node.has("kubernetes")) {
            JsonNode k = node.get("kubernetes");
            String at = path + ".kubernetes";
            if (!tree.mapping(k, at, KUBERNETES)) {
                return Optional.empty();
            }
            return Optional.of(new KubernetesDataPlane(tree.string(k, at, "name", true),
                    tree.string(k, at, "serverUrl", false), tree.string(k, at, "caCertificate", false),
                    tree.string(k, at, "credentialsId", false), tree.string(k, at, "kubeconfigCredentialsId", false),
                    tree.string(k, at, "context", false), tree.string(k, at, "defaultNamespace", false)));
        }
        JsonNode g = node.get("gitops");
        String at = path + ".gitops";
        if (!tree.mapping(g, at, GITOPS)) {
            return Optional.empty();
        }
        return Optional.of(new GitOpsDataPlane(tree.string(g, at, "name", true), tree.string(g, at, "repository", true),
                tree.string(g, at, "branch", false), tree.string(g, at, "pathPrefix", false),
                tree.string(g, at, "credentialsId", false)));
    }

    private Optional<Environment> environment(JsonNode node, String path) {
        if (!tree.mapping(node, path, ENVIRONMENT)) {
            return Optional.empty();
        }
        Configuration configuration = Configuration.EMPTY;
        if (tree.mapping(node.get("configuration"), path + ".configuration", CONFIGURATION)) {
            configuration = configuration(node.get("configuration"), path + ".configuration");
        }
        Protection protection = Protection.NONE;
        JsonNode p = node.get("protection");
        String at = path + ".protection";
        if (tree.mapping(p, at, PROTECTION)) {
            Duration soak = tree.duration(p, at, "minimumSoak");
            protection = new Protection(tree.bool(p, at, "approvalRequired"), Set.copyOf(tree.strings(p, at, "approvers")),
                    tree.bool(p, at, "allowSelfApproval"), soak.isNegative() ? Duration.ZERO : soak);
            if (soak.isNegative()) {
                tree.problem(at + ".minimumSoak", "must not be negative");
            }
        }
        return Optional.of(new Environment(tree.string(node, path, "name", true),
                tree.string(node, path, "displayName", false), tree.string(node, path, "dataPlane", false),
                tree.string(node, path, "namespace", false), tree.bool(node, path, "production"), configuration,
                protection, tree.bool(node, path, "createNamespace"),
                !node.has("rollbackOnFailure") || tree.bool(node, path, "rollbackOnFailure")));
    }

    private Configuration configuration(JsonNode node, String path) {
        Map<String, String> variables = new LinkedHashMap<>();
        unique(tree.list(node, path, "variables", (item, at) -> pair(item, at, "name", "value")), path, "variables",
                "variable").forEach(pair -> variables.put(pair.get(0), pair.get(1)));
        Map<String, String> files = new LinkedHashMap<>();
        unique(tree.list(node, path, "files", (item, at) -> pair(item, at, "path", "content")), path, "files",
                "file").forEach(pair -> files.put(pair.get(0), pair.get(1)));
        Map<String, SecretReference> secrets = new LinkedHashMap<>();
        unique(tree.list(node, path, "secrets", (item, at) -> pair(item, at, "name", "credentialsId")), path,
                "secrets", "secret").forEach(pair -> secrets.put(pair.get(0), new SecretReference(pair.get(1))));
        try {
            return new Configuration(variables, files, secrets);
        } catch (InvalidInputException tooLarge) { // the limits of what one environment's ConfigMaps hold
            tooLarge.problems().forEach(problem -> tree.problem(YamlTree.join(path, problem.path()), problem.message()));
            return Configuration.EMPTY;
        }
    }

    /** The entries of a list keyed by their first value; one given twice is a problem, not a silent override. */
    private List<List<String>> unique(List<List<String>> entries, String path, String key, String what) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String name = entries.get(i).get(0);
            if (!seen.add(name)) {
                tree.problem(YamlTree.join(path, key) + "[" + i + "]", what + " " + name
                        + " is given twice: keep one (the configuration would otherwise take the last silently)");
            }
        }
        return entries;
    }

    /**
     * One YAML document: a key given twice, a second document (whose settings would be ignored) and an empty file are
     * refused with where they are.
     */
    private static JsonNode parse(String yaml, String source) {
        if (yaml.isBlank()) {
            throw new InvalidInputException("", source + " is empty: write the organization (see "
                    + "docs/configuration.md), or run './cdp quickstart' for a sample");
        }
        InputLimits.checkYaml("", source, yaml, InputLimits.CONFIGURATION_BYTES);
        try (JsonParser parser = YAML.getFactory().createParser(yaml)) {
            JsonNode root = YAML.readTree(parser);
            if (root == null || root.isNull() || root.isMissingNode()) {
                throw new InvalidInputException("", source + " holds no settings (only comments or blank "
                        + "lines): write the organization (see docs/configuration.md), or run './cdp quickstart' for "
                        + "a sample");
            }
            if (parser.nextToken() != null) {
                throw new InvalidInputException("", "a second YAML document starts at line "
                        + parser.currentTokenLocation().getLineNr() + ": the configuration is one document; remove "
                        + "the '---' and what follows, or put it in a file of its own");
            }
            return root;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            String message = e.getOriginalMessage();
            String duplicate = "Duplicate field '";
            if (message.startsWith(duplicate)) {
                String key = message.substring(duplicate.length(), message.indexOf('\'', duplicate.length()));
                // the parser's column is where the key ends: the line is what a person looks for
                throw new InvalidInputException("", "key " + key + " is given twice" + (e.getLocation() == null ? ""
                        : " (the second at line " + e.getLocation().getLineNr() + ")")
                        + ": keep one (YAML would otherwise take the last silently)");
            }
            throw new InvalidInputException("", "the configuration is not valid YAML" + where + ": "
                    + InputLimits.oneLine(message));
        } catch (IOException e) {
            throw new InvalidInputException("", "the configuration cannot be read: " + e.getMessage());
        }
    }

    private Optional<List<String>> pair(JsonNode node, String path, String key, String value) {
        if (!tree.mapping(node, path, Set.of(key, value))) {
            if (node == null || node.isNull()) {
                tree.problem(path, "expected " + key + " and " + value);
            }
            return Optional.empty();
        }
        String k = tree.string(node, path, key, true);
        String v = tree.string(node, path, value, true);
        if (v != null && v.isBlank()) {
            tree.problem(YamlTree.join(path, value), "is required");
        }
        if (k == null || v == null || v.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(List.of(k, v));
    }

    private Optional<CdPipeline> pipeline(JsonNode node, String path) {
        if (!tree.mapping(node, path, PIPELINE)) {
            return Optional.empty();
        }
        List<PromotionPath> paths = tree.list(node, path, "paths", (item, at) -> {
            if (!tree.mapping(item, at, PATH)) {
                return Optional.empty();
            }
            JsonNode to = item.get("to");
            List<String> targets = to != null && to.isValueNode() && !to.isNull() ? List.of(to.asText())
                    : tree.strings(item, at, "to");
            return Optional.of(new PromotionPath(tree.string(item, at, "from", true), targets));
        });
        return Optional.of(new CdPipeline(tree.string(node, path, "name", true),
                tree.string(node, path, "description", false), tree.strings(node, path, "environments"), paths,
                Set.copyOf(tree.strings(node, path, "allSourcesRequired"))));
    }

    private Optional<Project> project(JsonNode node, String path) {
        if (!tree.mapping(node, path, PROJECT)) {
            return Optional.empty();
        }
        List<String> pipelines = tree.strings(node, path, "pipelines");
        String defaultPipeline = tree.string(node, path, "defaultPipeline", false);
        if (pipelines.isEmpty() && defaultPipeline != null) {
            tree.problem(path + ".defaultPipeline", "the project attaches no pipelines: list them under pipelines");
        }
        Map<String, Configuration> environments = new LinkedHashMap<>();
        tree.list(node, path, "environments", (item, at) -> {
            if (!tree.mapping(item, at, PROJECT_ENVIRONMENT)) {
                return Optional.empty();
            }
            String name = tree.string(item, at, "name", true);
            return name == null ? Optional.empty() : Optional.of(Map.entry(name, configuration(item, at)));
        }).forEach(entry -> environments.put(entry.getKey(), entry.getValue()));
        Optional<Attachment> attachment = pipelines.isEmpty() ? Optional.empty()
                : Optional.of(new Attachment(pipelines, defaultPipeline));
        return Optional.of(new Project(tree.string(node, path, "path", true), attachment, environments));
    }

    /** The organization as YAML under {@code unclassified: cdPipelines:}, the JCasC export shape. */
    public static String write(OrganizationSpec spec) {
        return OrganizationYamlWriter.write(spec, YAML);
    }
}
