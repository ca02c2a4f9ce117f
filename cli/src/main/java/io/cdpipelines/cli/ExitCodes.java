package io.cdpipelines.cli;

/** The exit codes of {@code cdp}, as documented in docs/cli.md. */
final class ExitCodes {
    static final int SUCCESS = 0;
    static final int DEPLOYMENT_FAILED = 1;
    static final int BAD_INPUT = 2;
    static final int REFUSED = 3;
    static final int STORAGE = 4;
    static final int DRIFT = 5;
    static final int INTERNAL = 70;

    private ExitCodes() {
    }
}
