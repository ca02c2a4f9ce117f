package io.jenkins.plugins.cdpipelines.config;

import hudson.ExtensionList;
import hudson.ExtensionPoint;
import io.cdpipelines.model.Deployment;

import java.util.List;

/**
 * What runs where, as the ledger says (the engine implements it): the configuration asks it before it lets an
 * environment go, without depending on the engine.
 */
public interface RunningDeployments extends ExtensionPoint {

    static RunningDeployments get() {
        return ExtensionList.lookupSingleton(RunningDeployments.class);
    }

    /** The current deployment of every slot; a ledger that cannot be read throws its LedgerException. */
    List<Deployment> current();
}
