package io.jenkins.plugins.cdpipelines.steps;

import com.cloudbees.hudson.plugins.folder.AbstractFolder;
import hudson.EnvVars;
import hudson.model.Item;
import hudson.model.ItemGroup;
import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.cdpipelines.StartedBy;
import jenkins.scm.api.SCMRevisionAction;
import jenkins.scm.api.SCMSourceOwner;

/**
 * Where a build stands in CD terms: its project (the enclosing folder's full name; a job outside any folder is its own
 * project), its component (the job's name unless a step names it), the revision it was built from and who started it.
 * A branch of a multibranch project is not a component of its own: the multibranch project is the component (every
 * branch records releases of it, by revision), and the folder around it is the project.
 */
record JobCoordinates(String project, String component, String revision, String requestedBy, String buildReference) {

    static JobCoordinates of(Run<?, ?> run, EnvVars environment, String component, String revision) {
        Job<?, ?> job = run.getParent();
        Item owner = job;
        ItemGroup<?> parent = job.getParent();
        if (parent instanceof SCMSourceOwner multibranch) {
            owner = multibranch;
            parent = multibranch.getParent();
        }
        String project = parent instanceof AbstractFolder<?> folder ? folder.getFullName() : owner.getName();
        String chosenRevision = revision != null && !revision.isBlank() ? revision
                : environment != null && environment.get("GIT_COMMIT") != null ? environment.get("GIT_COMMIT")
                : scmRevision(run);
        String requestedBy = StartedBy.person(run).orElse("jenkins");
        // by its externalizable id (folder/job#7), which Run.fromExternalizableId finds again, not by its URL
        return new JobCoordinates(project, component != null && !component.isBlank() ? component : owner.getName(),
                chosenRevision, requestedBy, run.getExternalizableId());
    }

    /**
     * The revision a multibranch build was made from. Scripted Pipelines have no {@code GIT_COMMIT}: {@code checkout}
     * only returns it, while branch projects record the revision they build on the run.
     */
    private static String scmRevision(Run<?, ?> run) {
        SCMRevisionAction action = run.getAction(SCMRevisionAction.class);
        return action == null ? null : action.getRevision().toString();
    }
}
