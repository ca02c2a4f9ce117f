package io.jenkins.plugins.cdpipelines.board;

import io.cdpipelines.ledger.Ledger;
import io.cdpipelines.ledger.LedgerException;
import io.cdpipelines.model.Deployment;
import io.jenkins.plugins.cdpipelines.engine.CdPipelinesEngine;
import jenkins.model.Jenkins;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** What the boards read of the ledger, as the current user may see it, and why the ledger cannot be read. */
final class VisibleDeployments {
    private VisibleDeployments() {
    }

    static String ledgerProblem() {
        try {
            CdPipelinesEngine.get().ledger();
            return null;
        } catch (LedgerException e) {
            return e.getMessage();
        }
    }

    /** What {@code query} reads of the ledger, as the user may see it; nothing when the ledger cannot be read. */
    static List<BoardEntry> fromLedger(Function<Ledger, List<Deployment>> query) {
        try {
            return visible(query.apply(CdPipelinesEngine.get().ledger()));
        } catch (LedgerException e) {
            return List.of(); // getLedgerProblem says why
        }
    }

    /**
     * The deployments of projects the current user may see: a project is its folder (or, outside folders, its
     * job), so one whose item is hidden from the user is left out — teams sharing an instance see their own.
     * Administrators see all, also deployments of projects whose folder is gone.
     */
    static List<BoardEntry> visible(List<Deployment> deployments) {
        Jenkins jenkins = Jenkins.get();
        boolean administrator = jenkins.hasPermission(Jenkins.ADMINISTER);
        Map<String, Boolean> readable = new HashMap<>();
        return deployments.stream()
                .filter(d -> administrator || readable.computeIfAbsent(d.slot().project(),
                        p -> jenkins.getItemByFullName(p) != null))
                .map(BoardEntry::new).toList();
    }
}
