package io.jenkins.plugins.cdpipelines.folder;

import com.cloudbees.hudson.plugins.folder.AbstractFolder;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.Item;
import hudson.model.listeners.ItemListener;
import hudson.security.ACL;
import hudson.security.ACLContext;
import io.cdpipelines.model.Project;
import io.jenkins.plugins.cdpipelines.config.ProjectConfig;
import io.jenkins.plugins.cdpipelines.config.ProjectFolders;
import jenkins.model.Jenkins;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code projects:} in configuration as code. In Jenkins a project is a folder, so each entry is applied to the
 * folder of that full name as its CD pipelines property, and reading lists the folders that have one. JCasC applies
 * its configuration at startup before the folders are loaded from disk, and before any job DSL creates new ones, so
 * an entry whose folder does not exist yet waits: it is applied once the folders are loaded, or when its folder is
 * created; until then the administrative monitor names it.
 */
@Extension
public class ProjectsAsCode extends ItemListener implements ProjectFolders {
    private final Map<String, ProjectConfig> waiting = new ConcurrentHashMap<>();

    public static ProjectsAsCode get() {
        return ExtensionList.lookupSingleton(ProjectsAsCode.class);
    }

    @Override
    public List<Project> projects() {
        List<Project> projects = new ArrayList<>();
        CdPipelinesFolderProperty.byFolder().forEach((path, property) -> projects.add(property.toProject(path)));
        return projects;
    }

    /** The projects as JCasC exports them: every folder with the property. */
    @Override
    public List<ProjectConfig> read() {
        List<ProjectConfig> projects = new ArrayList<>();
        CdPipelinesFolderProperty.byFolder().forEach((path, property) -> projects.add(property.toProjectConfig(path)));
        return projects;
    }

    @Override
    public void apply(List<ProjectConfig> projects) {
        waiting.clear();
        for (ProjectConfig project : projects) {
            if (!applyTo(project)) {
                waiting.put(project.getPath(), project);
            }
        }
    }

    @Override
    public List<String> waiting() {
        return waiting.keySet().stream().sorted().toList();
    }

    /** At startup: every item was loaded from disk, so the entries JCasC applied before reach their folders now. */
    @Override
    public void onLoaded() {
        for (ProjectConfig project : List.copyOf(waiting.values())) {
            if (applyTo(project)) {
                waiting.remove(project.getPath());
            }
        }
    }

    @Override
    public void onCreated(Item item) {
        ProjectConfig project = waiting.get(item.getFullName());
        if (item instanceof AbstractFolder<?> && project != null && applyTo(project)) {
            waiting.remove(item.getFullName());
        }
    }

    private static boolean applyTo(ProjectConfig project) {
        try (ACLContext ignored = ACL.as2(ACL.SYSTEM2)) {
            AbstractFolder<?> folder = Jenkins.get().getItemByFullName(project.getPath(), AbstractFolder.class);
            if (folder == null) {
                return false;
            }
            folder.getProperties().replace(CdPipelinesFolderProperty.of(project));
            folder.save();
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("the CD pipelines of folder " + project.getPath() + " could not be saved",
                    e);
        }
    }
}
