package io.cdpipelines.ledger;

import io.cdpipelines.model.Slot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;

/** A slot held in a shared ledger: the claim's own connection holds the slot's advisory lock. */
final class PostgresClaim implements SlotClaim {
    private final PostgresLedger ledger;
    private final String name;
    private final Slot key;
    private final Connection own;
    private final String token = UUID.randomUUID().toString();
    private final int slot;
    private volatile boolean released;

    PostgresClaim(PostgresLedger ledger, String name, Slot key, Connection own, int slot) {
        this.ledger = ledger;
        this.name = name;
        this.key = key;
        this.own = own;
        this.slot = slot;
    }

    /** Whose claim this is, written in the claims row: another process that claimed the slot since has another. */
    String token() {
        return token;
    }

    boolean released() {
        return released;
    }

    PostgresLedger ledger() {
        return ledger;
    }

    boolean tryLock() {
        return transaction("claim " + key, false, c -> {
            try (PreparedStatement lock = c.prepareStatement("SELECT pg_try_advisory_lock(?, ?)")) {
                lock.setInt(1, PostgresLedger.LOCK_CLASS);
                lock.setInt(2, slot);
                try (ResultSet row = lock.executeQuery()) {
                    row.next();
                    return row.getBoolean(1);
                }
            }
        });
    }

    synchronized <T> T transaction(String what, boolean changes, JdbcLedger.Work<T> work) {
        try {
            return PostgresSessions.transaction(own, name, what, changes, work);
        } catch (LedgerException e) {
            if (PostgresSessions.lost(own)) {
                throw new IllegalStateException("the claim on " + key + " is no longer held: its connection to "
                        + "the ledger database " + name + " ended (" + e.getMessage() + ")", e);
            }
            throw e;
        }
    }

    @Override
    public Slot slot() {
        return key;
    }

    @Override
    public synchronized void close() {
        if (released) {
            return;
        }
        released = true;
        try {
            PostgresSessions.transaction(own, name, "release claim on " + key, false, c -> {
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM claims WHERE project = ?"
                        + " AND component = ? AND environment = ? AND token = ?")) {
                    LedgerTables.bindKey(delete, key);
                    delete.setString(4, token);
                    delete.executeUpdate();
                }
                try (Statement unlock = c.createStatement()) {
                    // now, not when the server gets round to ending the session: the next claimant looks at once
                    unlock.execute("SELECT pg_advisory_unlock_all()");
                }
                return null;
            });
        } catch (LedgerException e) {
            // a connection that has ended took its lock along; its row is overwritten by the next claimant
            if (!PostgresSessions.lost(own)) {
                throw e;
            }
        } finally {
            PostgresSessions.closeQuietly(own); // ending the session releases the advisory lock
        }
    }

    void closeQuietly() {
        released = true;
        PostgresSessions.closeQuietly(own);
    }
}
