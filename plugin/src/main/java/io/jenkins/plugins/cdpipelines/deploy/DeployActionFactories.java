package io.jenkins.plugins.cdpipelines.deploy;

import com.cloudbees.hudson.plugins.folder.AbstractFolder;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.ItemGroup;
import hudson.model.Job;
import io.jenkins.plugins.cdpipelines.folder.CdPipelinesFolderProperty;
import jenkins.model.TransientActionFactory;

import java.util.Collection;
import java.util.List;

/**
 * The Deploy page where there is something to deploy: on a folder that is a project (its CD pipelines property
 * attaches pipelines or configures environments), and on a component's job inside such a folder.
 */
public final class DeployActionFactories {
    private DeployActionFactories() {
    }

    /** Whether {@code folder} is a project: it has the CD pipelines property (asked of the folder alone). */
    @SuppressWarnings("rawtypes")
    static boolean isProject(AbstractFolder folder) {
        return folder.getProperties().get(CdPipelinesFolderProperty.class) != null;
    }

    /** On folders that are projects. */
    @Extension
    @SuppressWarnings("rawtypes")
    public static final class OnFolders extends TransientActionFactory<AbstractFolder> {
        @Override
        public Class<AbstractFolder> type() {
            return AbstractFolder.class;
        }

        @NonNull
        @Override
        public Collection<? extends Action> createFor(@NonNull AbstractFolder folder) {
            return isProject(folder)
                    ? List.of(new DeployAction(folder, folder.getFullName(), folder)) : List.of();
        }
    }

    /** On the jobs of a project folder: the page of their project. */
    @Extension
    @SuppressWarnings("rawtypes")
    public static final class OnJobs extends TransientActionFactory<Job> {
        @Override
        public Class<Job> type() {
            return Job.class;
        }

        @NonNull
        @Override
        public Collection<? extends Action> createFor(@NonNull Job job) {
            ItemGroup<?> parent = job.getParent();
            return parent instanceof AbstractFolder<?> folder && isProject(folder)
                    ? List.of(new DeployAction(job, folder.getFullName(), folder)) : List.of();
        }
    }
}
