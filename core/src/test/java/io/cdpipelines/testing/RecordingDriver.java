package io.cdpipelines.testing;

import io.cdpipelines.driver.DeploymentDriver;
import io.cdpipelines.driver.DeploymentLog;
import io.cdpipelines.driver.DeploymentOrder;
import io.cdpipelines.driver.DeploymentOutcome;
import io.cdpipelines.model.DataPlane;
import io.cdpipelines.model.Slot;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A driver for the engine's own tests (the real ones, Kubernetes and GitOps, have their own tests against a mock API
 * server and real repositories): it keeps every order, can fail chosen ones, and notices two deployments of one key
 * running at the same time.
 */
public final class RecordingDriver implements DeploymentDriver {
    private final List<DeploymentOrder> orders = new CopyOnWriteArrayList<>();
    private final Map<Slot, AtomicInteger> running = new ConcurrentHashMap<>();
    private final AtomicInteger overlaps = new AtomicInteger();
    private final java.util.Set<Slot> removedByHand = ConcurrentHashMap.newKeySet();
    private volatile Predicate<DeploymentOrder> failing = order -> false;
    private volatile long pauseMillis;

    @Override
    public boolean supports(DataPlane dataPlane) {
        return true;
    }

    @Override
    public DeploymentOutcome deploy(DeploymentOrder order, DeploymentLog log) {
        Slot key = order.deployment().slot();
        removedByHand.remove(key);
        AtomicInteger inFlight = running.computeIfAbsent(key, k -> new AtomicInteger());
        if (inFlight.incrementAndGet() > 1) {
            overlaps.incrementAndGet();
        }
        try {
            orders.add(order);
            log.println(key.environment() + ": " + key.component() + " 1/1 ready");
            if (pauseMillis > 0) {
                Thread.sleep(pauseMillis);
            }
            return failing.test(order) ? DeploymentOutcome.failed("rollout did not become ready")
                    : DeploymentOutcome.succeeded("rolled out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return DeploymentOutcome.failed("interrupted");
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** What it deployed stays until {@link #removeWorkload} takes it off, as a person would by hand. */
    @Override
    public java.util.Optional<Boolean> removed(DeploymentOrder deployed) {
        Slot key = deployed.deployment().slot();
        return java.util.Optional.of(removedByHand.contains(key)
                || orders.stream().noneMatch(o -> o.deployment().slot().equals(key)));
    }

    /** Takes the slot's workload off the data plane, as a person would before retiring it. */
    public void removeWorkload(Slot key) {
        removedByHand.add(key);
    }

    public List<DeploymentOrder> orders() {
        return orders;
    }

    public DeploymentOrder lastOrder() {
        return orders.get(orders.size() - 1);
    }

    public void failWhen(Predicate<DeploymentOrder> condition) {
        this.failing = condition;
    }

    public void pause(long millis) {
        this.pauseMillis = millis;
    }

    /** How many times a deployment started while another of the same key was running. */
    public int overlaps() {
        return overlaps.get();
    }
}
