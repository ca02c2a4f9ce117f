package io.cdpipelines.ledger;

/** The ledger's storage failed (disk, lock, corruption): the message says where and what to do. */
public class LedgerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}
