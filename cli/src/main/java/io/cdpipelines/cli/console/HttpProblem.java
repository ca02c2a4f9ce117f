package io.cdpipelines.cli.console;

/** A request the console refuses, with the status it answers and the words it says (never a stack trace). */
final class HttpProblem extends RuntimeException {
    private final int status;

    HttpProblem(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
