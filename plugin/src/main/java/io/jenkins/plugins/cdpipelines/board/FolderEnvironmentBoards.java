package io.jenkins.plugins.cdpipelines.board;

import com.cloudbees.hudson.plugins.folder.AbstractFolder;
import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Action;
import jenkins.model.TransientActionFactory;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** A board on every folder: the folder's project and the projects nested in it. */
@Extension
@SuppressWarnings("rawtypes")
public class FolderEnvironmentBoards extends TransientActionFactory<AbstractFolder> {

    @Override
    public Class<AbstractFolder> type() {
        return AbstractFolder.class;
    }

    @NonNull
    @Override
    public Collection<? extends Action> createFor(@NonNull AbstractFolder folder) {
        return List.of(new EnvironmentBoard(Optional.of(folder.getFullName())));
    }
}
