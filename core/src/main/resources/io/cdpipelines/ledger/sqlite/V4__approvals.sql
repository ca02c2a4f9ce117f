-- Approvals as records of the ledger, so that every host and every controller sees the same requests: a request to
-- promote a release into an environment that requires approval, and how it ended (APPROVED, REJECTED, WITHDRAWN;
-- NULL while it waits). At most one request waits per slot.
CREATE TABLE IF NOT EXISTS approvals (id INTEGER PRIMARY KEY AUTOINCREMENT,
    project TEXT NOT NULL, component TEXT NOT NULL, environment TEXT NOT NULL, pipeline TEXT NOT NULL,
    revision TEXT NOT NULL, digest TEXT NOT NULL, requested_by TEXT NOT NULL, requested_at INTEGER NOT NULL,
    decision TEXT, decided_by TEXT, decided_groups TEXT, decided_at INTEGER);
CREATE UNIQUE INDEX IF NOT EXISTS approvals_waiting_by_slot ON approvals (project, component, environment)
    WHERE decision IS NULL;
CREATE INDEX IF NOT EXISTS approvals_by_project ON approvals (project, id);
UPDATE meta SET value = '4' WHERE key = 'schema';
