package io.cdpipelines.gitops;

import org.eclipse.jgit.api.errors.GitAPIException;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a push so that the receiving side JGit starts in-process for a repository on this machine (its
 * "JGit-Receive-Pack" thread) cannot print a stack trace of its own when it fails: what it failed with is kept, in
 * one line, for the push's message. JGit rethrows that failure for the thread's default handler on purpose; the
 * thread inherits the group of the thread that pushes, so the push runs in a group that takes it.
 */
final class QuietReceivePack {
    /** A push, as JGit's command throws. */
    interface Push<T> {
        T call() throws GitAPIException;
    }

    private final AtomicReference<String> failure = new AtomicReference<>();

    /** Why the in-process receiving side failed during the last push, if it did. */
    Optional<String> failure() {
        return Optional.ofNullable(failure.get());
    }

    <T> T run(Push<T> push) throws GitAPIException {
        failure.set(null);
        ThreadGroup group = new ThreadGroup("cd-pipelines-push") {
            @Override
            public void uncaughtException(Thread thread, Throwable thrown) {
                if (thread.getName().startsWith("JGit-Receive-Pack")) {
                    failure.set(innermost(thrown));
                } else {
                    super.uncaughtException(thread, thrown);
                }
            }
        };
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread pusher = new Thread(group, () -> {
            try {
                result.set(push.call());
            } catch (GitAPIException | RuntimeException | Error e) {
                thrown.set(e);
            }
        }, "cd-pipelines-push");
        pusher.start();
        try {
            pusher.join();
        } catch (InterruptedException e) {
            pusher.interrupt();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pushing", e);
        }
        Throwable failed = thrown.get();
        if (failed instanceof GitAPIException e) {
            throw e;
        }
        if (failed instanceof RuntimeException e) {
            throw e;
        }
        if (failed instanceof Error e) {
            throw e;
        }
        return result.get();
    }

    private static String innermost(Throwable thrown) {
        Throwable cause = thrown;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
    }
}
