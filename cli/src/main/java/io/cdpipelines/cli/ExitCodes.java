package io.cdpipelines.cli;

/** The exit codes of {@code cdp}, as documented in docs/cli.md. */
final class ExitCodes {
    static final int SUCCESS = 0;
    static final int DEPLOYMENT_FAILED = 1;
    static final int BAD_INPUT = 2;
    static final int REFUSED = 3;
    static final int STORAGE = 4;
    static final int DRIFT = 5;
    /** {@code drift} could not read a data plane: its slots are reported unreachable, the others checked. */
    static final int UNREACHABLE = 6;
    static final int INTERNAL = 70;

    private ExitCodes() {
    }
}
