package io.jenkins.plugins.cdpipelines.steps;

import hudson.init.Terminator;
import io.jenkins.plugins.cdpipelines.engine.CdPipelinesEngine;
import org.jenkinsci.plugins.workflow.flow.FlowExecutionList;

import java.time.Duration;

/**
 * The controller's shutdown, for deployments: once Pipeline builds are suspended, the steps' waits for rollouts are
 * suspended too (their deployments stay under way in the ledger, and the steps resume them after the restart), and
 * only then are the ledger and the cluster connections closed.
 */
public final class ControllerShutdown {
    private ControllerShutdown() {
    }

    @Terminator(requires = FlowExecutionList.EXECUTIONS_SUSPENDED)
    public static void suspendDeploymentsAndCloseTheEngine() {
        EngineStepExecution.suspendAll("the Jenkins controller is shutting down", Duration.ofSeconds(20));
        CdPipelinesEngine.get().close();
    }
}
