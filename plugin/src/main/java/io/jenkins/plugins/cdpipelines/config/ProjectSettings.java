package io.jenkins.plugins.cdpipelines.config;

import java.util.List;

/**
 * What a project as code sets on its folder, as one value: the attached pipelines, the default among them, the
 * configuration per environment; kept as the folder form keeps them (mutable lists, no blank default).
 */
record ProjectSettings(List<String> pipelines, String defaultPipeline, List<ProjectEnvironmentConfig> environments) {
    static final ProjectSettings NONE = new ProjectSettings(null, null, null);

    ProjectSettings {
        pipelines = FormLists.copyOf(pipelines);
        defaultPipeline = FormLists.blankToNull(defaultPipeline);
        environments = FormLists.copyOf(environments);
    }

    ProjectSettings withPipelines(List<String> value) {
        return new ProjectSettings(value, defaultPipeline, environments);
    }

    ProjectSettings withDefaultPipeline(String value) {
        return new ProjectSettings(pipelines, value, environments);
    }

    ProjectSettings withEnvironments(List<ProjectEnvironmentConfig> value) {
        return new ProjectSettings(pipelines, defaultPipeline, value);
    }
}
