package io.cdpipelines.deploy;

/**
 * A request for the deploy view that is refused before anything runs (a body that is no JSON object, an unknown
 * field, a field of the wrong type or missing): the words to answer with, and the HTTP status every host answers.
 */
public final class DeployRequestException extends RuntimeException {
    private final int status;

    public DeployRequestException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
