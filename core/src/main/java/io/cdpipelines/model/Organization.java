package io.cdpipelines.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The validated, immutable organization: data planes, environments, CD pipelines (one the default) and projects with
 * their attachments. Every change returns a new organization and keeps the rules: the default pipeline and any
 * pipeline attached to a project cannot be deleted, nor can an environment a pipeline uses.
 */
public final class Organization {
    private static final Organization EMPTY = new Organization(
            new OrganizationSpec(List.of(), List.of(), List.of(), null, List.of()));

    private final OrganizationSpec spec;
    private final Map<String, DataPlane> dataPlanes = new HashMap<>();
    private final Map<String, Environment> environments = new LinkedHashMap<>();
    private final Map<String, PipelineGraph> pipelines = new LinkedHashMap<>();
    private final Map<String, Project> projects = new HashMap<>();
    private final String defaultPipeline;

    private Organization(OrganizationSpec spec) {
        this.spec = spec;
        spec.dataPlanes().forEach(plane -> dataPlanes.put(plane.name(), plane));
        spec.environments().forEach(environment -> environments.put(environment.name(), environment));
        spec.pipelines().forEach(pipeline -> pipelines.put(pipeline.name(), PipelineGraph.of(pipeline)));
        spec.projects().forEach(project -> projects.put(project.path(), project));
        this.defaultPipeline = spec.defaultPipeline() == null && spec.pipelines().size() == 1
                ? spec.pipelines().get(0).name() : spec.defaultPipeline();
    }

    /** Checks {@code spec} whole and reports every problem at once. */
    public static Organization of(OrganizationSpec spec) {
        List<Problem> problems = OrganizationValidator.problemsOf(spec);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new Organization(spec);
    }

    public static Organization empty() {
        return EMPTY;
    }

    public OrganizationSpec spec() {
        return spec;
    }

    // ---- lookups

    public List<Environment> environments() {
        return List.copyOf(environments.values());
    }

    public Optional<Environment> environment(String name) {
        return Optional.ofNullable(environments.get(name));
    }

    /** The environment, or a clear error naming the known ones. */
    public Environment requireEnvironment(String name) {
        Environment environment = environments.get(name);
        if (environment == null) {
            throw new InvalidInputException("environment", "unknown environment \"" + name + "\""
                    + knownNames(environments.keySet()));
        }
        return environment;
    }

    public DataPlane dataPlaneOf(Environment environment) {
        return dataPlanes.get(environment.dataPlane());
    }

    public Optional<DataPlane> dataPlane(String name) {
        return Optional.ofNullable(dataPlanes.get(name));
    }

    public List<PipelineGraph> pipelines() {
        return List.copyOf(pipelines.values());
    }

    public Optional<PipelineGraph> pipeline(String name) {
        return Optional.ofNullable(pipelines.get(name));
    }

    public Optional<PipelineGraph> defaultPipeline() {
        return Optional.ofNullable(defaultPipeline).map(pipelines::get);
    }

    public Optional<Project> project(String path) {
        return Optional.ofNullable(projects.get(path));
    }

    /**
     * The pipelines {@code projectPath} may use: those of the nearest project (itself or an enclosing folder) that
     * attaches some, else the organization default.
     */
    public ProjectPipelines pipelinesFor(String projectPath) {
        Names.require("project", projectPath, Names.projectPathProblem(projectPath));
        for (Optional<String> at = Optional.of(projectPath); at.isPresent(); at = Project.parentPath(at.get())) {
            Project project = projects.get(at.get());
            if (project != null && project.attachment().isPresent()) {
                Attachment attachment = project.attachment().get();
                List<PipelineGraph> attached = attachment.pipelines().stream().map(pipelines::get).toList();
                return new ProjectPipelines(projectPath, Optional.of(project.path()), attached,
                        pipelines.get(attachment.defaultPipeline()));
            }
        }
        PipelineGraph fallback = defaultPipeline().orElseThrow(() -> new RuleViolationException(
                "project \"" + projectPath + "\" has no CD pipeline: the organization defines none yet; "
                        + "a platform engineer must define one (and make it the default)"));
        return new ProjectPipelines(projectPath, Optional.empty(), List.of(fallback), fallback);
    }

    /** The project's configuration for one environment, enclosing folders first, the nearest one winning. */
    public Configuration projectConfiguration(String projectPath, String environment) {
        List<Configuration> layers = new ArrayList<>();
        for (Optional<String> at = Optional.of(projectPath); at.isPresent(); at = Project.parentPath(at.get())) {
            Project project = projects.get(at.get());
            if (project != null && project.environments().containsKey(environment)) {
                layers.add(0, project.environments().get(environment));
            }
        }
        Configuration merged = Configuration.EMPTY;
        for (Configuration layer : layers) {
            merged = merged.overriddenBy(layer);
        }
        return merged;
    }

    /** Projects that attach {@code pipeline} explicitly. */
    public List<String> projectsAttaching(String pipeline) {
        return attaching(spec, pipeline);
    }

    // ---- changes

    /**
     * Replaces the whole organization, as a reload of the YAML or a save of the Jenkins form does, refusing the
     * removals the rules forbid with a message that says what still uses the item.
     */
    public Organization change(OrganizationSpec next) {
        for (String removed : removedNames(spec.pipelines(), next.pipelines(), CdPipeline::name)) {
            if (removed.equals(defaultPipeline) && (next.defaultPipeline() == null
                    || removed.equals(next.defaultPipeline()))) {
                throw new RuleViolationException("pipeline \"" + removed + "\" is the organization default and "
                        + "cannot be deleted: make another pipeline the default first");
            }
            List<String> users = attaching(next, removed);
            if (!users.isEmpty()) {
                throw new RuleViolationException("pipeline \"" + removed + "\" is attached to projects "
                        + String.join(", ", users) + " and cannot be deleted: detach it there first");
            }
        }
        for (String removed : removedNames(spec.environments(), next.environments(), Environment::name)) {
            List<String> users = next.pipelines().stream()
                    .filter(p -> p.mentionedEnvironments().contains(removed)).map(CdPipeline::name).toList();
            if (!users.isEmpty()) {
                throw new RuleViolationException("environment \"" + removed + "\" is used by pipelines "
                        + String.join(", ", users) + " and cannot be deleted: remove it from them first");
            }
        }
        for (String removed : removedNames(spec.dataPlanes(), next.dataPlanes(), DataPlane::name)) {
            List<String> users = next.environments().stream()
                    .filter(e -> removed.equals(e.dataPlane())).map(Environment::name).toList();
            if (!users.isEmpty()) {
                throw new RuleViolationException("data plane \"" + removed + "\" is used by environments "
                        + String.join(", ", users) + " and cannot be deleted: move or delete them first");
            }
        }
        return of(next);
    }

    public Organization removePipeline(String name) {
        requirePresent("pipeline", name, pipelines.keySet());
        return change(spec.withPipelines(spec.pipelines().stream().filter(p -> !p.name().equals(name)).toList()));
    }

    public Organization removeEnvironment(String name) {
        requirePresent("environment", name, environments.keySet());
        return change(spec.withEnvironments(
                spec.environments().stream().filter(e -> !e.name().equals(name)).toList()));
    }

    public Organization removeDataPlane(String name) {
        requirePresent("data plane", name, dataPlanes.keySet());
        return change(spec.withDataPlanes(spec.dataPlanes().stream().filter(d -> !d.name().equals(name)).toList()));
    }

    public Organization withDataPlane(DataPlane plane) {
        return change(spec.withDataPlanes(OrganizationSpec.replacing(spec.dataPlanes(), plane,
                d -> d.name().equals(plane.name()))));
    }

    public Organization withEnvironment(Environment environment) {
        return change(spec.withEnvironments(OrganizationSpec.replacing(spec.environments(), environment,
                e -> e.name().equals(environment.name()))));
    }

    public Organization withPipeline(CdPipeline pipeline) {
        return change(spec.withPipelines(OrganizationSpec.replacing(spec.pipelines(), pipeline,
                p -> p.name().equals(pipeline.name()))));
    }

    public Organization withDefaultPipeline(String name) {
        return change(spec.withDefaultPipeline(name));
    }

    public Organization withProject(Project project) {
        return change(spec.withProjects(OrganizationSpec.replacing(spec.projects(), project,
                p -> p.path().equals(project.path()))));
    }

    public Organization withoutProject(String path) {
        return change(spec.withProjects(spec.projects().stream().filter(p -> !p.path().equals(path)).toList()));
    }

    private static List<String> attaching(OrganizationSpec spec, String pipeline) {
        return spec.projects().stream()
                .filter(p -> p.attachment().map(a -> a.pipelines().contains(pipeline)).orElse(false))
                .map(Project::path).sorted().toList();
    }

    private static <T> List<String> removedNames(List<T> before, List<T> after, java.util.function.Function<T, String> name) {
        var remaining = after.stream().map(name).collect(java.util.stream.Collectors.toSet());
        return before.stream().map(name).filter(n -> !remaining.contains(n)).toList();
    }

    private static void requirePresent(String what, String name, java.util.Set<String> names) {
        if (!names.contains(name)) {
            throw new InvalidInputException(what, "unknown " + what + " \"" + name + "\"" + knownNames(names));
        }
    }

    private static String knownNames(java.util.Collection<String> names) {
        return names.isEmpty() ? " (none is defined)" : " (known: " + String.join(", ", new TreeSet<>(names)) + ")";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Organization that && spec.equals(that.spec);
    }

    @Override
    public int hashCode() {
        return Objects.hash(spec);
    }
}
