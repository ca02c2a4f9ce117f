package io.jenkins.plugins.cdpipelines.config;

import com.thoughtworks.xstream.XStream;
import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.model.Items;
import hudson.model.Run;
import hudson.util.XStream2;
import jenkins.model.Jenkins;

import java.util.Map;

/**
 * The names the configuration classes are saved under, in the global configuration and in folders' config.xml
 * (folders nest variables, secrets and files): short names of their own instead of Java class names, so a later
 * rename or move of a class only points its name at the new class, and what was saved reads on. Files saved under
 * the class names (by earlier versions) read too.
 */
public final class StoredNames {
    private static final Map<String, Class<?>> NAMES = Map.ofEntries(
            Map.entry("cdp-gitops-data-plane", GitOpsDataPlaneConfig.class),
            Map.entry("cdp-kubernetes-data-plane", KubernetesDataPlaneConfig.class),
            Map.entry("cdp-environment", EnvironmentConfig.class),
            Map.entry("cdp-environment-configuration", ConfigurationConfig.class),
            Map.entry("cdp-protection", ProtectionConfig.class),
            Map.entry("cdp-pipeline", PipelineConfig.class),
            Map.entry("cdp-path", PathConfig.class),
            Map.entry("cdp-variable", VariableConfig.class),
            Map.entry("cdp-secret", SecretConfig.class),
            Map.entry("cdp-file", FileConfig.class),
            Map.entry("cdp-project-environment", ProjectEnvironmentConfig.class));
    /** Classes that moved, by the name earlier versions saved them under. */
    private static final Map<String, Class<?>> MOVED = Map.of(
            "io.jenkins.plugins.cdpipelines.folder.ProjectEnvironmentConfig", ProjectEnvironmentConfig.class);

    private StoredNames() {
    }

    /** Before any configuration, folder or build is read (the idiom Jenkins documents for compatibility aliases). */
    @Initializer(before = InitMilestone.PLUGINS_STARTED)
    public static void register() {
        register(NAMES);
        for (XStream2 xstream : new XStream2[] {Jenkins.XSTREAM2, Items.XSTREAM2, Run.XSTREAM2}) {
            MOVED.forEach(xstream::addCompatibilityAlias);
        }
    }

    /**
     * Registers {@code names} (another package's stored classes) where Jenkins reads and writes the global
     * configuration, items and builds; registering twice is harmless.
     */
    public static void register(Map<String, Class<?>> names) {
        for (XStream xstream : new XStream[] {Jenkins.XSTREAM2, Items.XSTREAM2, Run.XSTREAM2}) {
            names.forEach(xstream::alias);
        }
    }

    /** Registers the configuration's names on {@code xstream}. */
    static void register(XStream2 xstream) {
        NAMES.forEach(xstream::alias);
        MOVED.forEach(xstream::addCompatibilityAlias);
    }
}
