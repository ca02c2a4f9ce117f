package io.cdpipelines.model;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Collects every problem of an organization spec, each located by its path in the YAML shape. */
final class OrganizationValidator {

    private final OrganizationSpec spec;
    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> dataPlanes = new HashSet<>();
    private final Set<String> environments = new HashSet<>();
    private final Set<String> pipelines = new HashSet<>();

    private OrganizationValidator(OrganizationSpec spec) {
        this.spec = spec;
    }

    static List<Problem> problemsOf(OrganizationSpec spec) {
        OrganizationValidator validator = new OrganizationValidator(spec);
        validator.checkDataPlanes();
        validator.checkEnvironments();
        validator.checkPipelines();
        validator.checkDefaultPipeline();
        validator.checkProjects();
        return List.copyOf(validator.problems);
    }

    private void problem(String path, String message) {
        problems.add(new Problem(path, message));
    }

    private void checkDataPlanes() {
        for (int i = 0; i < spec.dataPlanes().size(); i++) {
            DataPlane plane = spec.dataPlanes().get(i);
            String at = "dataPlanes[" + i + "]";
            checkUniqueName(at, plane.name(), dataPlanes, "data plane");
            if (plane instanceof KubernetesDataPlane kubernetes) {
                checkKubernetes(at, kubernetes);
                checkCredentialsId(at + ".credentialsId", kubernetes.credentialsId());
                checkCredentialsId(at + ".kubeconfigCredentialsId", kubernetes.kubeconfigCredentialsId());
            } else if (plane instanceof GitOpsDataPlane gitops) {
                checkGitOps(at, gitops);
                checkCredentialsId(at + ".credentialsId", gitops.credentialsId());
            }
        }
    }

    private static final java.util.regex.Pattern SCP_LIKE = java.util.regex.Pattern.compile(
            "[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^\\s]+");
    private static final java.util.regex.Pattern BRANCH = java.util.regex.Pattern.compile(
            "[A-Za-z0-9_][A-Za-z0-9._/-]*");

    /** Where a GitOps data plane writes: a repository URL or absolute path, a branch, a folder inside it. */
    private void checkGitOps(String at, GitOpsDataPlane plane) {
        String repository = plane.repository();
        if (blank(repository)) {
            problem(at + ".repository", "is required: the Git URL or local path of the repository");
        } else if (repository.chars().anyMatch(Character::isISOControl)) {
            // a local path may hold spaces; a URL cannot (it does not parse), nor may anything hold control characters
            problem(at + ".repository", "\"" + repository + "\" holds a control character");
        } else if (!gitLocation(repository)) {
            problem(at + ".repository", "\"" + repository + "\" is not a Git repository location: give an https://, "
                    + "ssh:// or git@host:path URL, or an absolute local path");
        } else if (repository.startsWith("http://") && !blank(plane.credentialsId()) && !isLoopback(repository)) {
            problem(at + ".repository", "\"" + repository + "\" would send the credential in clear text: use https");
        }
        String branch = plane.branch();
        if (!BRANCH.matcher(branch).matches() || branch.contains("..") || branch.contains("//")
                || branch.endsWith("/") || branch.endsWith(".lock") || branch.endsWith(".")) {
            problem(at + ".branch", "\"" + branch + "\" is not a branch name: letters, digits, '.', '_', '-' and '/', "
                    + "without '..'");
        }
        String prefix = plane.pathPrefix().replaceAll("^/+|/+$", "");
        if (!prefix.isEmpty() && Names.projectPathProblem(prefix).isPresent()) {
            // it names a folder of the repository: nothing in it may lead out of the work tree
            problem(at + ".pathPrefix", "\"" + plane.pathPrefix() + "\" is not a folder of the repository: folder names "
                    + "of letters, digits, '-', '_', '.' and spaces joined by '/', without '.' or '..'");
        }
    }

    /** A credential named by a data plane, when one is named. */
    private void checkCredentialsId(String at, String id) {
        if (!blank(id)) {
            Names.credentialsIdProblem(id).ifPresent(message -> problem(at, message));
        }
    }

    private static boolean gitLocation(String repository) {
        if (repository.startsWith("https://") || repository.startsWith("http://") || repository.startsWith("ssh://")
                || repository.startsWith("git://") || repository.startsWith("file:///")) {
            try {
                URI uri = new URI(repository);
                return uri.getScheme().equals("file") || uri.getHost() != null;
            } catch (java.net.URISyntaxException e) {
                return false;
            }
        }
        return SCP_LIKE.matcher(repository).matches() || java.nio.file.Path.of(repository).isAbsolute();
    }

    private void checkKubernetes(String at, KubernetesDataPlane plane) {
        if (plane.usesKubeconfig()) {
            if (!blank(plane.serverUrl()) || !blank(plane.credentialsId())) {
                problem(at, "give either kubeconfigCredentialsId (and context) or serverUrl and credentialsId, not both");
            }
            return;
        }
        if (blank(plane.serverUrl())) {
            problem(at + ".serverUrl", "is required (or give kubeconfigCredentialsId)");
        } else if (!isHttpUrl(plane.serverUrl())) {
            problem(at + ".serverUrl", "\"" + plane.serverUrl() + "\" is not an http(s) URL of a Kubernetes API server");
        } else if (plane.serverUrl().startsWith("http:") && !isLoopback(plane.serverUrl())) {
            // the API token travels with every request: in clear text only to this host (kubectl proxy)
            problem(at + ".serverUrl", "\"" + plane.serverUrl() + "\" would send the API token in clear text: use "
                    + "https (http only for a local proxy such as kubectl proxy on localhost)");
        }
        if (blank(plane.credentialsId())) {
            problem(at + ".credentialsId", "is required: the credential holding the API token");
        }
    }

    private void checkEnvironments() {
        for (int i = 0; i < spec.environments().size(); i++) {
            Environment environment = spec.environments().get(i);
            String at = "environments[" + i + "]";
            checkUniqueName(at, environment.name(), environments, "environment");
            if (blank(environment.dataPlane())) {
                problem(at + ".dataPlane", "is required: the data plane this environment deploys to");
            } else if (!dataPlanes.contains(environment.dataPlane())) {
                problem(at + ".dataPlane", "unknown data plane \"" + environment.dataPlane() + "\"" + known(dataPlanes));
            }
            if (!blank(environment.namespace())) {
                String sample = environment.namespace().replace("{project}", "p").replace("{component}", "c");
                Names.dns1123Problem(sample).ifPresent(message -> problem(at + ".namespace",
                        "\"" + environment.namespace() + "\" does not make a DNS-1123 namespace name "
                                + "({project} and {component} may be used)"));
            }
            Protection protection = environment.protection();
            if (protection.approvalRequired() && protection.approvers().isEmpty()) {
                problem(at + ".protection.approvers", "approval is required but nobody may approve: name users or groups");
            }
            for (String approver : protection.approvers()) {
                if (approver == null || approver.isBlank()) {
                    problem(at + ".protection.approvers", "an approver is empty: name a user id or a group, or remove "
                            + "the empty entry");
                } else if (approver.chars().anyMatch(Character::isISOControl)) {
                    problem(at + ".protection.approvers", "\"" + Names.escapeControls(approver) + "\" holds a control "
                            + "character: name a user id or a group");
                }
            }
            checkConfiguration(at + ".configuration", environment.configuration());
        }
    }

    private void checkConfiguration(String at, Configuration configuration) {
        configuration.variables().keySet().forEach(name -> checkVariableName(at + ".variables", name));
        configuration.secrets().keySet().forEach(name -> checkVariableName(at + ".secrets", name));
        for (String name : configuration.variables().keySet()) {
            if (configuration.secrets().containsKey(name)) {
                problem(at + ".secrets", "\"" + name + "\" is both a variable and a secret: keep one");
            }
        }
        for (String path : configuration.files().keySet()) {
            Names.mountPathProblem(path).ifPresent(message -> problem(at + ".files", message));
        }
        configuration.secrets().forEach((name, reference) -> Names.credentialsIdProblem(reference.credentialsId())
                .ifPresent(message -> problem(at + ".secrets." + name + ".credentialsId", message)));
    }

    private void checkVariableName(String at, String name) {
        Names.variableNameProblem(name).ifPresent(message -> problem(at, message));
    }

    private void checkPipelines() {
        for (int i = 0; i < spec.pipelines().size(); i++) {
            CdPipeline pipeline = spec.pipelines().get(i);
            String at = "pipelines[" + i + "]";
            checkUniqueName(at, pipeline.name(), pipelines, "pipeline");
            if (pipeline.declaredAsChain() && !pipeline.paths().isEmpty()) {
                problem(at, "give either environments (a chain) or paths, not both");
                continue;
            }
            if (!pipeline.declaredAsChain() && pipeline.paths().isEmpty()) {
                problem(at, "has no environments: give environments: [dev, staging, production] or paths");
                continue;
            }
            boolean referencesOk = pipeline.declaredAsChain() ? checkChain(at, pipeline) : checkPaths(at, pipeline);
            if (referencesOk) {
                checkGraph(at, pipeline);
            }
        }
    }

    private boolean checkChain(String at, CdPipeline pipeline) {
        boolean ok = true;
        Set<String> seen = new HashSet<>();
        for (int j = 0; j < pipeline.chain().size(); j++) {
            String environment = pipeline.chain().get(j);
            ok &= checkEnvironmentReference(at + ".environments[" + j + "]", environment);
            if (!seen.add(environment)) {
                problem(at + ".environments[" + j + "]", "\"" + environment + "\" appears twice: that is a cycle");
                ok = false;
            }
        }
        return ok;
    }

    private boolean checkPaths(String at, CdPipeline pipeline) {
        boolean ok = true;
        Map<String, Integer> sourceIndex = new HashMap<>();
        for (int j = 0; j < pipeline.paths().size(); j++) {
            PromotionPath path = pipeline.paths().get(j);
            String pathAt = at + ".paths[" + j + "]";
            ok &= checkEnvironmentReference(pathAt + ".from", path.source());
            Integer earlier = sourceIndex.putIfAbsent(String.valueOf(path.source()), j);
            if (earlier != null) {
                problem(pathAt + ".from", "duplicate path: \"" + path.source() + "\" is already the source of "
                        + at + ".paths[" + earlier + "]; list all its targets there");
                ok = false;
            }
            if (path.targets().isEmpty()) {
                problem(pathAt + ".to", "has no targets");
                ok = false;
            }
            Set<String> targets = new HashSet<>();
            for (int k = 0; k < path.targets().size(); k++) {
                String target = path.targets().get(k);
                ok &= checkEnvironmentReference(pathAt + ".to[" + k + "]", target);
                if (!targets.add(target)) {
                    problem(pathAt + ".to[" + k + "]", "duplicate path: " + path.source() + " → " + target
                            + " is listed twice");
                    ok = false;
                }
            }
        }
        return ok;
    }

    private void checkGraph(String at, CdPipeline pipeline) {
        PipelineGraph graph = PipelineGraph.of(pipeline);
        if (!graph.cycle().isEmpty()) {
            problem(at, "paths form a cycle: " + String.join(" → ", graph.cycle()));
        }
        if (graph.roots().size() > 1) {
            problem(at, "has several roots (" + String.join(", ", graph.roots())
                    + "): exactly one environment may be no path's target");
        } else if (graph.roots().isEmpty() && graph.cycle().isEmpty()) {
            problem(at, "has no root");
        }
        if (!graph.unreachable().isEmpty()) {
            problem(at, "environments unreachable from the root " + graph.root() + ": "
                    + String.join(", ", graph.unreachable()));
        }
        for (String target : pipeline.allSourcesRequired()) {
            if (!graph.contains(target) || graph.isRoot(target)) {
                problem(at + ".allSourcesRequired", "\"" + target + "\" is not a target of this pipeline");
            }
        }
    }

    private boolean checkEnvironmentReference(String at, String environment) {
        if (blank(environment)) {
            problem(at, "is required");
            return false;
        }
        if (!environments.contains(environment)) {
            problem(at, "unknown environment \"" + environment + "\"" + known(environments));
            return false;
        }
        return true;
    }

    private void checkDefaultPipeline() {
        if (spec.pipelines().isEmpty()) {
            if (!blank(spec.defaultPipeline())) {
                problem("defaultPipeline", "unknown pipeline \"" + spec.defaultPipeline() + "\": no pipeline is defined");
            }
            return;
        }
        if (blank(spec.defaultPipeline())) {
            if (spec.pipelines().size() > 1) {
                problem("defaultPipeline", "is required: name the pipeline every new project gets" + known(pipelines));
            }
        } else if (!pipelines.contains(spec.defaultPipeline())) {
            problem("defaultPipeline", "unknown pipeline \"" + spec.defaultPipeline() + "\"" + known(pipelines));
        }
    }

    private void checkProjects() {
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < spec.projects().size(); i++) {
            Project project = spec.projects().get(i);
            String at = "projects[" + i + "]";
            Optional<String> pathProblem = Names.projectPathProblem(project.path());
            if (pathProblem.isPresent()) {
                problem(at + ".path", pathProblem.get());
            } else if (!paths.add(project.path())) {
                problem(at + ".path", "duplicate project \"" + project.path() + "\"");
            }
            project.attachment().ifPresent(attachment -> checkAttachment(at, attachment));
            int j = 0;
            for (Map.Entry<String, Configuration> entry : project.environments().entrySet()) {
                String envAt = at + ".environments[" + j++ + "]";
                if (!environments.contains(entry.getKey())) {
                    problem(envAt + ".name", "unknown environment \"" + entry.getKey() + "\"" + known(environments));
                }
                checkConfiguration(envAt, entry.getValue());
            }
        }
    }

    private void checkAttachment(String at, Attachment attachment) {
        for (int j = 0; j < attachment.pipelines().size(); j++) {
            String pipeline = attachment.pipelines().get(j);
            if (!pipelines.contains(pipeline)) {
                problem(at + ".pipelines[" + j + "]", "unknown pipeline \"" + pipeline + "\"" + known(pipelines));
            }
        }
        if (!attachment.pipelines().contains(attachment.defaultPipeline())) {
            problem(at + ".defaultPipeline", "\"" + attachment.defaultPipeline()
                    + "\" is not attached to this project: choose one of " + attachment.pipelines());
        }
    }

    private void checkUniqueName(String at, String name, Set<String> seen, String what) {
        Optional<String> nameProblem = Names.dns1123Problem(name);
        if (nameProblem.isPresent()) {
            problem(at + ".name", nameProblem.get());
        } else if (!seen.add(name)) {
            problem(at + ".name", "duplicate " + what + " \"" + name + "\"");
        }
    }

    private static String known(Set<String> names) {
        return names.isEmpty() ? " (none is defined)" : " (known: " + String.join(", ", new java.util.TreeSet<>(names)) + ")";
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static boolean isLoopback(String value) {
        String host = URI.create(value).getHost();
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]");
    }

    private static boolean isHttpUrl(String value) {
        try {
            URI uri = new URI(value);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
