package io.cdpipelines.model;

/** A request that is well formed but refused by a rule of the organization (a skipped environment, a rebuild). */
public class RuleViolationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RuleViolationException(String message) {
        super(Names.escapeControls(message)); // one line, whatever the input it quotes
    }
}
