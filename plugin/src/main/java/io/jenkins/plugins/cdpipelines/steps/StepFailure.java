package io.jenkins.plugins.cdpipelines.steps;

import hudson.AbortException;

/**
 * What a step fails with. Core's exceptions carry records that Jenkins 2.555 cannot read back from a build's flow
 * nodes after a restart, and their message already names the item, the field and the way out: a step fails with an
 * {@link AbortException} of that message instead, which the build shows without a stack trace.
 */
final class StepFailure {
    private StepFailure() {
    }

    /** {@code failure} as the build records it. */
    static Throwable readable(Throwable failure) {
        return failure.getClass().getName().startsWith("io.cdpipelines.") ? new AbortException(failure.getMessage())
                : failure;
    }

    /** {@code failure} as the build records it, to be thrown from a step's start. */
    static Exception readable(RuntimeException failure) {
        Throwable readable = readable((Throwable) failure);
        return readable instanceof Exception e ? e : failure;
    }
}
