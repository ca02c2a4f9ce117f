package io.cdpipelines.ledger;

import io.cdpipelines.model.RuleViolationException;

/** An approval that cannot be requested or decided as asked: one waits already, or it was decided meanwhile. */
public final class ApprovalStateException extends RuleViolationException {
    public ApprovalStateException(String message) {
        super(message);
    }
}
