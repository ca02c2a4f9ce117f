package io.jenkins.plugins.cdpipelines.config;

import hudson.ExtensionList;
import hudson.ExtensionPoint;

import java.util.List;

/**
 * The names the global configuration defines, for the forms' checks and pickers of the parts it holds (and of
 * folders): they ask this rather than the configuration itself, which holds them.
 */
public interface ConfiguredNames extends ExtensionPoint {

    static ConfiguredNames get() {
        return ExtensionList.lookupSingleton(ConfiguredNames.class);
    }

    List<String> dataPlaneNames();

    List<String> environmentNames();

    List<String> pipelineNames();
}
