package io.cdpipelines.driver;

/** Where progress lines go (a build log, a terminal): {@code staging: cart 2/3 ready}. */
@FunctionalInterface
public interface DeploymentLog {
    DeploymentLog SILENT = line -> { };

    void println(String line);
}
