package io.jenkins.plugins.cdpipelines.steps;

import hudson.security.ACL;
import hudson.util.ClassLoaderSanityThreadFactory;
import hudson.util.DaemonThreadFactory;
import hudson.util.NamingThreadFactory;
import jenkins.security.ImpersonatingExecutorService;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The threads the steps' engine work runs on: deployments wait minutes for rollouts, so they get a pool of their own
 * rather than Jenkins' shared {@code Timer}, whose ten threads also run every Pipeline's {@code sleep} and
 * {@code timeout}. At most {@link #SIZE} deployments run at once; more wait in line. Threads run as SYSTEM, as
 * Timer threads did: the step checked the build's permissions before it handed the work over.
 */
final class DeploymentThreads {
    /** How many deployments may wait for rollouts at once, instance-wide. */
    static final int SIZE = Integer.getInteger(DeploymentThreads.class.getName() + ".size", 16);

    private static final ExecutorService EXECUTOR = new ImpersonatingExecutorService(pool(), ACL.SYSTEM2);

    private DeploymentThreads() {
    }

    private static ThreadPoolExecutor pool() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(SIZE, SIZE, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                new NamingThreadFactory(new ClassLoaderSanityThreadFactory(new DaemonThreadFactory()),
                        "CD Pipelines deployment"));
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Runs {@code work} on a deployment thread. */
    static void submit(Runnable work) {
        EXECUTOR.submit(work);
    }
}
