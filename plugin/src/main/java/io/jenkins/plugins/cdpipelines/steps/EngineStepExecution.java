package io.jenkins.plugins.cdpipelines.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.model.Run;
import io.cdpipelines.driver.AbortSignal;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.DeploymentKind;
import io.cdpipelines.model.Slot;
import io.jenkins.plugins.cdpipelines.engine.CdPipelinesEngine;
import io.jenkins.plugins.cdpipelines.engine.RunCredentials;
import jenkins.util.Timer;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

import java.io.Serial;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A step execution whose engine work (deployments and their rollouts) runs on a pool thread, never the CPS thread.
 * Stopping the build raises an abort: the wait ends, the engine records the deployment as aborted, and then the step
 * fails with the build's own cause. A controller shutdown raises a suspension instead: the deployment stays under way
 * in the ledger and the step is left running, to be resumed by {@link #onResume} after the restart.
 */
abstract class EngineStepExecution<T> extends StepExecution {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final Logger LOGGER = Logger.getLogger(EngineStepExecution.class.getName());
    /** How long a stopped step waits for the engine to record the abort before it fails anyway. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    /** The executions whose engine work runs now, for the shutdown to suspend. */
    private static final Set<EngineStepExecution<?>> RUNNING = ConcurrentHashMap.newKeySet();

    /** When the step started: deployments of its build that started since are its own. */
    private final long startedAtMillis = System.currentTimeMillis();
    private transient AbortSignal signal;
    private transient volatile Throwable stopCause;
    private transient volatile boolean working;
    private transient boolean completed;
    private transient boolean launched;

    /** The engine work of a step: runs on a pool thread, stops waiting when {@code signal} is raised. */
    @FunctionalInterface
    interface Work<T> {
        T run(AbortSignal signal) throws Exception;
    }

    EngineStepExecution(StepContext context) {
        super(context);
    }

    /**
     * Runs {@code work} on a pool thread, and completes the step with its outcome (unless it was suspended). Once per
     * execution and controller run: after a restart, an approval given at once and the step's own resumption both ask
     * for the deployment; the first one deploys, and the other finds the step at work.
     */
    final void launch(Work<T> work) {
        synchronized (this) {
            if (launched) {
                return;
            }
            launched = true;
        }
        AbortSignal raised = signal();
        working = true;
        RUNNING.add(this);
        DeploymentThreads.submit(() -> {
            try {
                T result = work.run(raised);
                complete(result, null);
            } catch (Throwable failure) {
                complete(null, failure);
            } finally {
                working = false;
                synchronized (RUNNING) {
                    RUNNING.remove(this);
                    RUNNING.notifyAll();
                }
            }
        });
    }

    /** Fails the step without engine work (a rejected approval, say), once. */
    final void fail(Throwable failure) {
        complete(null, failure);
    }

    /** The newest deployment of {@code kind} in {@code key} that this step made, for a step resumed after a restart. */
    final Optional<Deployment> madeByThisStep(Run<?, ?> run, Slot key, DeploymentKind kind) {
        var engine = CdPipelinesEngine.get().engine(new RunCredentials(run));
        return buildReferences(run).stream().map(reference -> engine.madeBy(reference, key, kind,
                Instant.ofEpochMilli(startedAtMillis))).flatMap(Optional::stream).findFirst();
    }

    /**
     * How the ledger names this build: its externalizable id ({@code shop/cart#7}); a build that an earlier version
     * started, which recorded its URL, is found by that too when it resumes.
     */
    static java.util.List<String> buildReferences(Run<?, ?> run) {
        return java.util.List.of(run.getExternalizableId(), run.getUrl());
    }

    private synchronized AbortSignal signal() {
        if (signal == null) {
            signal = new AbortSignal();
        }
        return signal;
    }

    private synchronized void complete(T result, Throwable failure) {
        if (completed || signal().suspended()) {
            return; // a suspended step is resumed after the restart, by the execution read back from disk
        }
        completed = true;
        if (stopCause != null) {
            getContext().onFailure(stopCause);
        } else if (failure != null) {
            getContext().onFailure(StepFailure.readable(failure));
        } else {
            getContext().onSuccess(result);
        }
    }

    /** What a stopped step does when no engine work runs (it waited for a person, say); then it fails. */
    void stoppedWhileIdle(Throwable cause) throws Exception {
        // nothing by default
    }

    @Override
    public void stop(@NonNull Throwable cause) throws Exception {
        stopCause = cause;
        if (!working) {
            stoppedWhileIdle(cause);
            complete(null, cause);
            return;
        }
        signal().abort("build " + getContext().get(Run.class).getFullDisplayName() + " was stopped");
        // the engine records the abort and completes the step; should it not return in time, fail anyway
        Timer.get().schedule(() -> complete(null, cause), STOP_GRACE.toSeconds(), TimeUnit.SECONDS);
    }

    @Override
    public String getStatus() {
        return working ? "deploying" : "waiting";
    }

    /**
     * Suspends every running step's engine work and waits (at most {@code wait}) for it to end: called as the
     * controller shuts down, after Pipeline builds were suspended and before the ledger is closed.
     */
    static void suspendAll(String reason, Duration wait) {
        RUNNING.forEach(execution -> execution.signal().suspend(reason));
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (RUNNING) {
            while (!RUNNING.isEmpty() && System.nanoTime() < deadline) {
                try {
                    RUNNING.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (!RUNNING.isEmpty()) {
                LOGGER.log(Level.WARNING, "{0} deployment steps did not suspend within {1}s",
                        new Object[] {RUNNING.size(), wait.toSeconds()});
            }
        }
    }
}
