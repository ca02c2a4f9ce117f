-- The ledger as version 1 of cdp made it (CREATE ... IF NOT EXISTS: ledgers made before the schema history were
-- made by exactly these statements). meta.schema is what versions before the schema history read to refuse a
-- newer ledger: every later script sets it to its own version.
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT OR IGNORE INTO meta VALUES ('schema', '1');
CREATE TABLE IF NOT EXISTS releases (project TEXT NOT NULL, component TEXT NOT NULL,
    revision TEXT NOT NULL, repository TEXT NOT NULL, digest TEXT NOT NULL, build TEXT NOT NULL,
    recorded_at INTEGER NOT NULL, recorded_by TEXT NOT NULL, workload TEXT NOT NULL,
    PRIMARY KEY (project, component, revision));
CREATE INDEX IF NOT EXISTS releases_by_digest ON releases (project, component, digest);
CREATE TABLE IF NOT EXISTS deployments (id INTEGER PRIMARY KEY AUTOINCREMENT,
    project TEXT NOT NULL, component TEXT NOT NULL, environment TEXT NOT NULL,
    data_plane TEXT NOT NULL, pipeline TEXT, source TEXT, revision TEXT NOT NULL,
    repository TEXT NOT NULL, digest TEXT NOT NULL, kind TEXT NOT NULL, restores INTEGER,
    configuration TEXT NOT NULL, result TEXT NOT NULL, trigger_kind TEXT NOT NULL,
    requested_by TEXT NOT NULL, approved_by TEXT, build TEXT NOT NULL,
    started_at INTEGER NOT NULL, finished_at INTEGER, message TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS deployments_by_key ON deployments (project, component, environment, id);
CREATE INDEX IF NOT EXISTS deployments_by_environment ON deployments (environment, id);
CREATE INDEX IF NOT EXISTS deployments_by_project ON deployments (project, id);
CREATE TABLE IF NOT EXISTS current (project TEXT NOT NULL, component TEXT NOT NULL,
    environment TEXT NOT NULL, current_id INTEGER, last_attempt_id INTEGER NOT NULL,
    PRIMARY KEY (project, component, environment));
CREATE TABLE IF NOT EXISTS claims (project TEXT NOT NULL, component TEXT NOT NULL,
    environment TEXT NOT NULL, token TEXT NOT NULL, requested_by TEXT NOT NULL,
    host TEXT NOT NULL, pid INTEGER NOT NULL, claimed_at INTEGER NOT NULL,
    PRIMARY KEY (project, component, environment));
