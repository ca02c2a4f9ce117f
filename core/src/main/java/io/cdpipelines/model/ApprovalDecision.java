package io.cdpipelines.model;

import java.util.Locale;

/** How a request for approval ended: a permitted approver said yes or no, or the requester withdrew it. */
public enum ApprovalDecision {
    APPROVED,
    REJECTED,
    /** The waiting promotion was stopped, or the rules refuse it anyway: nobody needs to decide any more. */
    WITHDRAWN;

    /** The decision in words, as pages and logs show it: "approved". */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
