package io.cdpipelines.driver;

/**
 * A data plane that could not be read (a cluster that does not answer, a repository that cannot be fetched): the
 * message names the data plane, where it is and why. A check that meets it reports that data plane and goes on.
 */
public class DataPlaneUnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataPlaneUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
