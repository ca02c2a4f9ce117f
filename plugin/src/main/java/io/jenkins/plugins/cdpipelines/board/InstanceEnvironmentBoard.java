package io.jenkins.plugins.cdpipelines.board;

import hudson.Extension;
import hudson.model.RootAction;
import jenkins.model.Jenkins;

import java.util.Optional;

/** The board of the whole instance, at {@code /cd-environments}, for those who may read Jenkins. */
@Extension
public class InstanceEnvironmentBoard extends EnvironmentBoard implements RootAction {

    public InstanceEnvironmentBoard() {
        super(Optional.empty());
    }

    @Override
    public String getIconFileName() {
        return Jenkins.get().hasPermission(Jenkins.READ) ? super.getIconFileName() : null;
    }
}
