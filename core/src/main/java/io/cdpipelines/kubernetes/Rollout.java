package io.cdpipelines.kubernetes;

import io.cdpipelines.driver.AbortSignal;
import io.cdpipelines.driver.DeploymentLog;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Waits for a workload's rollout through the namespace's shared informer (a watch, no polling): done when the
 * controller has observed the applied generation and the updated and available replicas reach the desired count;
 * failed when its progress deadline passes, it is deleted, or the timeout runs out. Progress lines go to the log as
 * they change.
 */
final class Rollout {

    /** How a rollout ended. */
    record Result(boolean ready, String message) {
    }

    /** Where a workload's rollout stands, read from its status. */
    private record Progress(boolean observed, int desired, int updated, int available, Optional<String> failure) {
        boolean complete() {
            return observed && failure.isEmpty() && updated >= desired && available >= desired;
        }
    }

    private Rollout() {
    }

    static boolean isWorkload(HasMetadata object) {
        return object instanceof Deployment || object instanceof StatefulSet || object instanceof DaemonSet;
    }

    /** How often the API server is asked whether it still answers during a wait, and how many misses lose it. */
    static final Duration PROBE_INTERVAL = Duration.ofSeconds(2);
    static final int PROBES_MISSED = 3;

    static Result await(WorkloadInformers informers, HasMetadata applied, String environment, String component,
                        Duration timeout, AbortSignal abort, DeploymentLog log,
                        Supplier<Optional<String>> unreachable) {
        long generation = Optional.ofNullable(applied.getMetadata().getGeneration()).orElse(1L);
        String what = applied.getKind() + " " + applied.getMetadata().getName();
        CompletableFuture<Result> done = new CompletableFuture<>();
        String[] lastLine = {""};
        WorkloadInformers.Follower follower = new WorkloadInformers.Follower() {
            @Override
            public void changed(HasMetadata object) {
                Progress progress = progressOf(object, generation);
                String line = environment + ": " + component + " " + progress.available() + "/" + progress.desired()
                        + " ready";
                synchronized (lastLine) {
                    if (progress.observed() && !line.equals(lastLine[0])) {
                        lastLine[0] = line;
                        log.println(line);
                    }
                }
                if (progress.failure().isPresent()) {
                    done.complete(new Result(false, "the rollout of " + what + " failed: "
                            + progress.failure().get()));
                } else if (progress.complete()) {
                    done.complete(new Result(true, what + " rolled out: " + progress.available() + "/"
                            + progress.desired() + " ready"));
                }
            }

            @Override
            public void deleted() {
                done.complete(new Result(false, what + " was deleted during the rollout"));
            }
        };
        abort.whenRaised().thenAccept(reason -> done.complete(new Result(false, "stopped waiting for the rollout of "
                + what + " (" + (lastLine[0].isEmpty() ? "its controller has not observed it yet" : lastLine[0])
                + ")")));
        // a watch that lost its server only retries: ask the server itself, and give up soon when it is gone
        ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cd-pipelines-rollout-probe");
            thread.setDaemon(true);
            return thread;
        });
        AtomicInteger missed = new AtomicInteger();
        prober.scheduleWithFixedDelay(() -> {
            Optional<String> why = unreachable.get();
            if (why.isEmpty()) {
                missed.set(0);
            } else if (missed.incrementAndGet() >= PROBES_MISSED) {
                done.complete(new Result(false, "lost the API server during the rollout of " + what + ": "
                        + why.get()));
            }
        }, PROBE_INTERVAL.toMillis(), PROBE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        try (AutoCloseable following = informers.follow(applied, follower)) {
            return done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new Result(false, what + " was not ready within " + timeout.toSeconds() + "s ("
                    + (lastLine[0].isEmpty() ? "its controller has not observed it yet" : lastLine[0]) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "the wait for " + what + " was interrupted");
        } catch (ExecutionException e) {
            return new Result(false, "the wait for " + what + " failed: " + e.getCause().getMessage());
        } catch (Exception e) {
            return new Result(false, "the wait for " + what + " failed: " + e.getMessage());
        } finally {
            prober.shutdownNow();
        }
    }

    private static Progress progressOf(HasMetadata object, long generation) {
        if (object instanceof Deployment d) {
            var status = d.getStatus();
            int desired = Optional.ofNullable(d.getSpec().getReplicas()).orElse(1);
            if (status == null) {
                return new Progress(false, desired, 0, 0, Optional.empty());
            }
            Optional<String> failure = status.getConditions() == null ? Optional.empty() : status.getConditions()
                    .stream().filter(c -> "Progressing".equals(c.getType()) && "False".equals(c.getStatus())
                            && "ProgressDeadlineExceeded".equals(c.getReason()))
                    .map(DeploymentCondition::getMessage).map(m -> "progress deadline exceeded"
                            + (m == null ? "" : " (" + m + ")")).findFirst();
            // a condition of an earlier generation says nothing about this rollout
            boolean observed = observed(status.getObservedGeneration(), generation);
            return new Progress(observed, desired, count(status.getUpdatedReplicas()),
                    count(status.getAvailableReplicas()), observed ? failure : Optional.empty());
        }
        if (object instanceof StatefulSet s) {
            var status = s.getStatus();
            int desired = Optional.ofNullable(s.getSpec().getReplicas()).orElse(1);
            if (status == null) {
                return new Progress(false, desired, 0, 0, Optional.empty());
            }
            boolean sameRevision = status.getUpdateRevision() == null
                    || Objects.equals(status.getUpdateRevision(), status.getCurrentRevision());
            return new Progress(observed(status.getObservedGeneration(), generation) && sameRevision, desired,
                    count(status.getUpdatedReplicas()), count(status.getAvailableReplicas()), Optional.empty());
        }
        DaemonSet daemonSet = (DaemonSet) object;
        var status = daemonSet.getStatus();
        if (status == null) {
            return new Progress(false, 1, 0, 0, Optional.empty());
        }
        return new Progress(observed(status.getObservedGeneration(), generation),
                count(status.getDesiredNumberScheduled()), count(status.getUpdatedNumberScheduled()),
                count(status.getNumberAvailable()), Optional.empty());
    }

    private static boolean observed(Long observedGeneration, long generation) {
        return observedGeneration != null && observedGeneration >= generation;
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }
}
