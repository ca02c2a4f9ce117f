package io.cdpipelines.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * The organization as declared (YAML, the Jenkins forms), not yet checked; {@link Organization#of} turns it into the
 * validated model. Lists keep their declared order so that problems can name {@code pipelines[1]}.
 */
public record OrganizationSpec(List<DataPlane> dataPlanes, List<Environment> environments,
                               List<CdPipeline> pipelines, String defaultPipeline, List<Project> projects) {

    public OrganizationSpec {
        dataPlanes = dataPlanes == null ? List.of() : List.copyOf(dataPlanes);
        environments = environments == null ? List.of() : List.copyOf(environments);
        pipelines = pipelines == null ? List.of() : List.copyOf(pipelines);
        projects = projects == null ? List.of() : List.copyOf(projects);
    }

    public OrganizationSpec withPipelines(List<CdPipeline> next) {
        return new OrganizationSpec(dataPlanes, environments, next, defaultPipeline, projects);
    }

    public OrganizationSpec withEnvironments(List<Environment> next) {
        return new OrganizationSpec(dataPlanes, next, pipelines, defaultPipeline, projects);
    }

    public OrganizationSpec withDataPlanes(List<DataPlane> next) {
        return new OrganizationSpec(next, environments, pipelines, defaultPipeline, projects);
    }

    public OrganizationSpec withDefaultPipeline(String next) {
        return new OrganizationSpec(dataPlanes, environments, pipelines, next, projects);
    }

    public OrganizationSpec withProjects(List<Project> next) {
        return new OrganizationSpec(dataPlanes, environments, pipelines, defaultPipeline, next);
    }

    /** {@code items} with the one matching {@code same} replaced by {@code item}, or {@code item} added at the end. */
    static <T> List<T> replacing(List<T> items, T item, Predicate<T> same) {
        List<T> next = new ArrayList<>(items);
        for (int i = 0; i < next.size(); i++) {
            if (same.test(next.get(i))) {
                next.set(i, item);
                return next;
            }
        }
        next.add(item);
        return next;
    }
}
