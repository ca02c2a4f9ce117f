package io.cdpipelines.ledger;

import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.DeploymentKey;
import io.cdpipelines.model.DeploymentKind;
import io.cdpipelines.model.DeploymentResult;
import io.cdpipelines.model.ImageDigest;
import io.cdpipelines.model.ImageReference;
import io.cdpipelines.model.Release;
import io.cdpipelines.model.Trigger;
import io.cdpipelines.promotion.EnvironmentState;
import io.cdpipelines.promotion.ReleasePolicy;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded ledger: one SQLite database file in the data directory, in WAL mode with full synchronous commits, so
 * that an acknowledged record survives {@code kill -9} and a power cut, and several processes (Jenkins and
 * {@code cdp}) can share it. Within a process one connection serves all threads under a lock.
 *
 * <p>The state of recently used slots (current deployment and last attempt) is cached in memory: this process's
 * commits update it, and SQLite's {@code data_version}, which moves when another connection commits, clears it.
 * (Memory-mapped reads were tried: uncached lookups gained a fifth, durable writes lost half; writes matter more.)
 */
public final class SqliteLedger implements Ledger {
    public static final String FILE_NAME = "ledger.db";
    private static final int SCHEMA_VERSION = 1;
    private static final int CACHED_SLOTS = 10_000;
    private static final String DEPLOYMENT_COLUMNS = "d.id, d.project, d.component, d.environment, d.data_plane, "
            + "d.pipeline, d.source, d.revision, d.repository, d.digest, d.kind, d.restores, d.configuration, "
            + "d.result, d.trigger_kind, d.requested_by, d.approved_by, d.build, d.started_at, d.finished_at, d.message";

    private final Path file;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private final String host;
    private final long pid = ProcessHandle.current().pid();
    private final PreparedStatement stateLookup;
    private final PreparedStatement dataVersion;
    private final Map<DeploymentKey, EnvironmentState> states = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<DeploymentKey, EnvironmentState> eldest) {
            return size() > CACHED_SLOTS;
        }
    };
    private long seenDataVersion = -1;

    private final Duration lockTimeout;

    private SqliteLedger(Path file, Connection connection, Duration lockTimeout, boolean existed) throws SQLException {
        this.file = file;
        this.lockTimeout = lockTimeout;
        this.connection = connection;
        this.host = hostName();
        createSchema(existed);
        this.dataVersion = connection.prepareStatement("PRAGMA data_version");
        this.stateLookup = connection.prepareStatement("SELECT " + DEPLOYMENT_COLUMNS
                + ", c.current_id FROM current c JOIN deployments d ON d.id IN (c.current_id, c.last_attempt_id)"
                + " WHERE c.project = ? AND c.component = ? AND c.environment = ?");
    }

    /** Opens (creating if needed) the ledger in {@code dataDirectory}, waiting up to 30 s for another writer. */
    public static SqliteLedger open(Path dataDirectory) {
        return open(dataDirectory, Duration.ofSeconds(30));
    }

    /** Opens the ledger, waiting at most {@code lockTimeout} whenever another process holds the write lock. */
    public static SqliteLedger open(Path dataDirectory, Duration lockTimeout) {
        Path file = dataDirectory.resolve(FILE_NAME);
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new LedgerException("cannot create the data directory " + dataDirectory + ": " + e.getMessage()
                    + "; choose a writable directory", e);
        }
        if (!Files.isWritable(dataDirectory)) {
            throw new LedgerException("the data directory " + dataDirectory + " is not writable; "
                    + "choose a writable directory", null);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, lockTimeout.toMillis()));
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        // a ledger file that is there already must hold a ledger: an emptied one is not a new, empty ledger
        boolean existed = Files.exists(file);
        if (existed && sizeOf(file) == 0) {
            sleepBriefly(); // another process may have just made it, and be writing its header
            if (sizeOf(file) == 0) {
                throw noLedgerIn(file); // refused before SQLite writes into it: the file stays as it is
            }
        }
        Connection connection = null;
        try {
            connection = config.createConnection("jdbc:sqlite:" + file);
            return new SqliteLedger(file, connection, lockTimeout, existed);
        } catch (LedgerException e) {
            closeQuietly(connection);
            throw e;
        } catch (SQLException e) {
            closeQuietly(connection);
            throw failure(file, "open", e, lockTimeout);
        }
    }

    public Path file() {
        return file;
    }

    private static void closeQuietly(Connection connection) {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // the open failed already; that failure is what is reported
        }
    }

    private void createSchema(boolean existed) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            if (existed && !hasLedgerTables(statement)) {
                // another process may be creating this ledger right now: give it the lock once, then look again
                statement.execute("ROLLBACK");
                sleepBriefly();
                statement.execute("BEGIN IMMEDIATE");
                if (!hasLedgerTables(statement)) {
                    statement.execute("ROLLBACK");
                    throw noLedgerIn(file);
                }
            }
            statement.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
            statement.execute("CREATE TABLE IF NOT EXISTS releases (project TEXT NOT NULL, component TEXT NOT NULL,"
                    + " revision TEXT NOT NULL, repository TEXT NOT NULL, digest TEXT NOT NULL, build TEXT NOT NULL,"
                    + " recorded_at INTEGER NOT NULL, recorded_by TEXT NOT NULL, workload TEXT NOT NULL,"
                    + " PRIMARY KEY (project, component, revision))");
            statement.execute("CREATE INDEX IF NOT EXISTS releases_by_digest ON releases (project, component, digest)");
            statement.execute("CREATE TABLE IF NOT EXISTS deployments (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                    + " project TEXT NOT NULL, component TEXT NOT NULL, environment TEXT NOT NULL,"
                    + " data_plane TEXT NOT NULL, pipeline TEXT, source TEXT, revision TEXT NOT NULL,"
                    + " repository TEXT NOT NULL, digest TEXT NOT NULL, kind TEXT NOT NULL, restores INTEGER,"
                    + " configuration TEXT NOT NULL, result TEXT NOT NULL, trigger_kind TEXT NOT NULL,"
                    + " requested_by TEXT NOT NULL, approved_by TEXT, build TEXT NOT NULL,"
                    + " started_at INTEGER NOT NULL, finished_at INTEGER, message TEXT NOT NULL)");
            statement.execute("CREATE INDEX IF NOT EXISTS deployments_by_key"
                    + " ON deployments (project, component, environment, id)");
            statement.execute("CREATE INDEX IF NOT EXISTS deployments_by_environment ON deployments (environment, id)");
            statement.execute("CREATE INDEX IF NOT EXISTS deployments_by_project ON deployments (project, id)");
            statement.execute("CREATE TABLE IF NOT EXISTS current (project TEXT NOT NULL, component TEXT NOT NULL,"
                    + " environment TEXT NOT NULL, current_id INTEGER, last_attempt_id INTEGER NOT NULL,"
                    + " PRIMARY KEY (project, component, environment))");
            statement.execute("CREATE TABLE IF NOT EXISTS claims (project TEXT NOT NULL, component TEXT NOT NULL,"
                    + " environment TEXT NOT NULL, token TEXT NOT NULL, requested_by TEXT NOT NULL,"
                    + " host TEXT NOT NULL, pid INTEGER NOT NULL, claimed_at INTEGER NOT NULL,"
                    + " PRIMARY KEY (project, component, environment))");
            try (ResultSet version = statement.executeQuery("SELECT value FROM meta WHERE key = 'schema'")) {
                if (!version.next()) {
                    statement.execute("INSERT INTO meta VALUES ('schema', '" + SCHEMA_VERSION + "')");
                } else if (Integer.parseInt(version.getString(1)) > SCHEMA_VERSION) {
                    statement.execute("ROLLBACK");
                    throw new LedgerException("the ledger " + file + " was written by a newer version (schema "
                            + version.getString(1) + "); upgrade this installation", null);
                }
            }
            statement.execute("COMMIT");
        }
    }

    private static LedgerException noLedgerIn(Path file) {
        return new LedgerException("the ledger " + file + " is there but holds no ledger (it was emptied, or lost its "
                + "tables), so its history is gone: restore it from a backup; to start an empty ledger instead, move "
                + "the file away", null);
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1; // gone meanwhile: SQLite makes a new one
        }
    }

    private static boolean hasLedgerTables(Statement statement) throws SQLException {
        try (ResultSet tables = statement.executeQuery(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('meta', 'deployments')")) {
            return tables.next() && tables.getInt(1) == 2;
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- releases

    @Override
    public Release recordRelease(Release candidate) {
        return write("record release " + candidate.revision(), () -> {
            Optional<Release> recorded = release(candidate.project(), candidate.component(), candidate.revision());
            Release kept = ReleasePolicy.reconcile(recorded, candidate);
            if (recorded.isEmpty()) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO releases VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    insert.setString(1, kept.project());
                    insert.setString(2, kept.component());
                    insert.setString(3, kept.revision());
                    insert.setString(4, kept.image().repository());
                    insert.setString(5, kept.digest().value());
                    insert.setString(6, kept.buildReference());
                    insert.setLong(7, kept.recordedAt().toEpochMilli());
                    insert.setString(8, kept.recordedBy());
                    insert.setString(9, SnapshotJson.writeWorkload(kept.workload()));
                    insert.executeUpdate();
                }
                return withMillis(kept);
            }
            return kept;
        });
    }

    @Override
    public Optional<Release> release(String project, String component, String revision) {
        return first(queryReleases("WHERE project = ? AND component = ? AND revision = ?", project, component, revision));
    }

    @Override
    public Optional<Release> releaseWithDigest(String project, String component, ImageDigest digest) {
        return first(queryReleases("WHERE project = ? AND component = ? AND digest = ? ORDER BY recorded_at LIMIT 1",
                project, component, digest.value()));
    }

    @Override
    public List<Release> releases(String project, String component, int limit) {
        return queryReleases("WHERE project = ? AND component = ? ORDER BY recorded_at DESC LIMIT " + limit,
                project, component);
    }

    private List<Release> queryReleases(String where, String... arguments) {
        return read(() -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT project, component, revision, "
                    + "repository, digest, build, recorded_at, recorded_by, workload FROM releases " + where)) {
                for (int i = 0; i < arguments.length; i++) {
                    query.setString(i + 1, arguments[i]);
                }
                List<Release> releases = new ArrayList<>();
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        releases.add(new Release(rows.getString(1), rows.getString(2), rows.getString(3),
                                new ImageReference(rows.getString(4), new ImageDigest(rows.getString(5))),
                                SnapshotJson.readWorkload(rows.getString(9)), rows.getString(6),
                                Instant.ofEpochMilli(rows.getLong(7)), rows.getString(8)));
                    }
                }
                return releases;
            }
        });
    }

    // ---- claims

    @Override
    public EnvironmentClaim claim(DeploymentKey key, String requestedBy, Duration wait) {
        String token = UUID.randomUUID().toString();
        Instant deadline = Instant.now().plus(wait);
        long pause = 5;
        while (true) {
            Optional<String> holder = write("claim " + key, () -> tryClaim(key, token, requestedBy));
            if (holder.isEmpty()) {
                return new Claim(key, token);
            }
            if (!Instant.now().isBefore(deadline)) {
                throw new EnvironmentBusyException(key.environment() + " is busy for " + key.project() + "/"
                        + key.component() + ": " + holder.get() + "; waited " + wait.toSeconds()
                        + "s. Try again when it has finished");
            }
            sleep(Math.min(pause, Math.max(1, Duration.between(Instant.now(), deadline).toMillis())));
            pause = Math.min(200, pause * 2);
        }
    }

    @Override
    public EnvironmentClaim reclaim(DeploymentKey key, long deploymentId, String requestedBy) {
        String token = UUID.randomUUID().toString();
        Optional<String> refusal = write("reclaim " + key, () -> {
            Optional<Deployment> deployment = deploymentById(deploymentId);
            if (deployment.isEmpty() || !deployment.get().key().equals(key)
                    || deployment.get().result() != DeploymentResult.IN_PROGRESS) {
                return Optional.of("deployment #" + deploymentId + " of " + key + " is not under way");
            }
            try (PreparedStatement query = connection.prepareStatement("SELECT host, pid FROM claims"
                    + " WHERE project = ? AND component = ? AND environment = ?")) {
                bindKey(query, key);
                try (ResultSet row = query.executeQuery()) {
                    if (row.next() && !holderIsGone(row.getString(1), row.getLong(2))) {
                        return Optional.of("its holder, process " + row.getLong(2) + " on " + row.getString(1)
                                + ", still runs");
                    }
                }
            }
            deleteClaim(key);
            insertClaim(key, token, requestedBy);
            return Optional.<String>empty();
        });
        if (refusal.isPresent()) {
            throw new EnvironmentBusyException("cannot resume deployment #" + deploymentId + ": " + refusal.get());
        }
        return new Claim(key, token);
    }

    @Override
    public List<Deployment> unfinishedDeployments(String buildReference) {
        return queryDeployments("WHERE d.build = ? AND d.result = 'IN_PROGRESS' ORDER BY d.id", buildReference);
    }

    /** Empty when the claim was taken, else who holds the slot, in words. */
    private Optional<String> tryClaim(DeploymentKey key, String token, String requestedBy) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT requested_by, host, pid, claimed_at"
                + " FROM claims WHERE project = ? AND component = ? AND environment = ?")) {
            bindKey(query, key);
            try (ResultSet row = query.executeQuery()) {
                if (row.next()) {
                    String holderHost = row.getString(2);
                    long holderPid = row.getLong(3);
                    if (!holderIsGone(holderHost, holderPid)) {
                        return Optional.of("a deployment " + (row.getString(1).isEmpty() ? "" : "by "
                                + row.getString(1) + " ") + "has held it since "
                                + Instant.ofEpochMilli(row.getLong(4)));
                    }
                    abandon(key, holderHost, holderPid);
                }
            }
        }
        insertClaim(key, token, requestedBy);
        return Optional.empty();
    }

    /** The slot held by this process under {@code token}. */
    private void insertClaim(DeploymentKey key, String token, String requestedBy) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            bindKey(insert, key);
            insert.setString(4, token);
            insert.setString(5, requestedBy == null ? "" : requestedBy);
            insert.setString(6, host);
            insert.setLong(7, pid);
            insert.setLong(8, System.currentTimeMillis());
            insert.executeUpdate();
        }
    }

    private void deleteClaim(DeploymentKey key) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM claims WHERE project = ? AND component = ? AND environment = ?")) {
            bindKey(delete, key);
            delete.executeUpdate();
        }
    }

    /** A claim of a process on this host that no longer runs: it died mid-deployment. */
    private boolean holderIsGone(String holderHost, long holderPid) {
        return holderHost.equals(host) && holderPid != pid && ProcessHandle.of(holderPid).map(p -> !p.isAlive()).orElse(true);
    }

    /** Records the dead holder's unfinished deployment as failed (its last attempt) and frees the slot. */
    private void abandon(DeploymentKey key, String holderHost, long holderPid) throws SQLException {
        List<Long> unfinished = failUnfinished(key, Long.MAX_VALUE,
                Deployment.abandonedMessage(holderPid, holderHost));
        for (long id : unfinished) {
            recordAttempt(key, id, false);
        }
        deleteClaim(key);
    }

    /** Records the slot's deployments still under way, those numbered below {@code before}, as failed: why. */
    private List<Long> failUnfinished(DeploymentKey key, long before, String why) throws SQLException {
        List<Long> unfinished = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT id FROM deployments"
                + " WHERE project = ? AND component = ? AND environment = ? AND result = 'IN_PROGRESS' AND id < ?")) {
            bindKey(query, key);
            query.setLong(4, before);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    unfinished.add(rows.getLong(1));
                }
            }
        }
        for (long id : unfinished) {
            try (PreparedStatement fail = connection.prepareStatement("UPDATE deployments SET result = 'FAILED',"
                    + " finished_at = ?, message = ? WHERE id = ?")) {
                fail.setLong(1, System.currentTimeMillis());
                fail.setString(2, why);
                fail.setLong(3, id);
                fail.executeUpdate();
            }
        }
        return unfinished;
    }

    /**
     * A deployment of the slot still under way while another starts under a claim can only have been left so (its
     * wait suspended by a shutdown, nobody resumed it): it will never be finished as it was, so it is recorded as
     * superseded. The slot's state does not change: it never ran to an end.
     */
    private void supersede(DeploymentKey key, long newer) throws SQLException {
        failUnfinished(key, newer, "superseded by deployment #" + newer
                + ", started while this one was left under way");
    }

    /** Makes {@code id} the slot's last attempt and, when it succeeded, what runs there now. */
    private void recordAttempt(DeploymentKey key, long id, boolean succeeded) throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO current VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (project, component, environment) DO UPDATE SET last_attempt_id = excluded.last_attempt_id,"
                + " current_id = coalesce(excluded.current_id, current.current_id)")) {
            bindKey(upsert, key);
            if (succeeded) {
                upsert.setLong(4, id);
            } else {
                upsert.setNull(4, Types.INTEGER);
            }
            upsert.setLong(5, id);
            upsert.executeUpdate();
        }
        states.remove(key);
    }

    private void releaseClaim(Claim claim) {
        write("release claim on " + claim.key(), () -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM claims"
                    + " WHERE project = ? AND component = ? AND environment = ? AND token = ?")) {
                bindKey(delete, claim.key());
                delete.setString(4, claim.token);
                delete.executeUpdate();
            }
            return null;
        });
    }

    private void checkHeld(EnvironmentClaim claim) throws SQLException {
        if (!(claim instanceof Claim own) || own.ledger() != this) {
            throw new IllegalArgumentException("the claim was not taken on this ledger");
        }
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM claims"
                + " WHERE project = ? AND component = ? AND environment = ? AND token = ?")) {
            bindKey(query, claim.key());
            query.setString(4, own.token);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new IllegalStateException("the claim on " + claim.key() + " is no longer held");
                }
            }
        }
    }

    // ---- deployments

    @Override
    public Deployment startDeployment(EnvironmentClaim claim, Deployment draft) {
        if (!draft.key().equals(claim.key())) {
            throw new IllegalArgumentException("deployment of " + draft.key() + " under a claim on " + claim.key());
        }
        return write("start deployment of " + draft.key(), () -> {
            checkHeld(claim);
            return insertDeployment(draft, DeploymentResult.IN_PROGRESS, null, "");
        });
    }

    /** Adds a deployment row numbered by SQLite; one finished at once gets {@code finished} and {@code message}. */
    private Deployment insertDeployment(Deployment draft, DeploymentResult result, Instant finished, String message)
            throws SQLException {
        Instant started = draft.startedAt().truncatedTo(ChronoUnit.MILLIS);
        long id;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO deployments (project, component,"
                + " environment, data_plane, pipeline, source, revision, repository, digest, kind, restores,"
                + " configuration, result, trigger_kind, requested_by, approved_by, build, started_at, finished_at,"
                + " message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                Statement.RETURN_GENERATED_KEYS)) {
            bindKey(insert, draft.key());
            insert.setString(4, draft.dataPlane());
            insert.setString(5, draft.pipeline());
            insert.setString(6, draft.sourceEnvironment());
            insert.setString(7, draft.revision());
            insert.setString(8, draft.image().repository());
            insert.setString(9, draft.image().digest().value());
            insert.setString(10, draft.kind().name());
            if (draft.restores() == null) {
                insert.setNull(11, Types.INTEGER);
            } else {
                insert.setLong(11, draft.restores());
            }
            insert.setString(12, SnapshotJson.write(draft.configuration()));
            insert.setString(13, result.name());
            insert.setString(14, draft.trigger().name());
            insert.setString(15, draft.requestedBy());
            insert.setString(16, draft.approvedBy());
            insert.setString(17, draft.buildReference());
            insert.setLong(18, started.toEpochMilli());
            if (finished == null) {
                insert.setNull(19, Types.INTEGER);
            } else {
                insert.setLong(19, finished.toEpochMilli());
            }
            insert.setString(20, message);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        supersede(draft.key(), id);
        return new Deployment(id, draft.key(), draft.dataPlane(), draft.pipeline(), draft.sourceEnvironment(),
                draft.revision(), draft.image(), draft.kind(), draft.restores(), draft.configuration(), result,
                draft.trigger(), draft.requestedBy(), draft.approvedBy(), draft.buildReference(), started, finished,
                message);
    }

    @Override
    public Deployment finishDeployment(EnvironmentClaim claim, long id, DeploymentResult result, String message,
                                       Instant at) {
        if (!result.finished()) {
            throw new IllegalArgumentException("a deployment finishes as SUCCEEDED or FAILED");
        }
        return write("finish deployment #" + id, () -> {
            checkHeld(claim);
            Deployment started = deploymentById(id).orElseThrow(
                    () -> new IllegalArgumentException("no deployment #" + id));
            if (!started.key().equals(claim.key()) || started.result() != DeploymentResult.IN_PROGRESS) {
                throw new IllegalStateException("deployment #" + id + " is not under way under this claim");
            }
            Instant finished = at.truncatedTo(ChronoUnit.MILLIS);
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE deployments SET result = ?, finished_at = ?, message = ? WHERE id = ?")) {
                update.setString(1, result.name());
                update.setLong(2, finished.toEpochMilli());
                update.setString(3, message == null ? "" : message);
                update.setLong(4, id);
                update.executeUpdate();
            }
            recordAttempt(claim.key(), id, result == DeploymentResult.SUCCEEDED);
            return started.finished(result, finished, message == null ? "" : message);
        });
    }

    @Override
    public Optional<Deployment> deployment(long id) {
        return read(() -> deploymentById(id));
    }

    private Optional<Deployment> deploymentById(long id) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT " + DEPLOYMENT_COLUMNS + " FROM deployments d WHERE d.id = ?")) {
            query.setLong(1, id);
            return first(deployments(query));
        }
    }

    @Override
    public EnvironmentState stateOf(DeploymentKey key) {
        return read(() -> {
            forgetIfChangedElsewhere();
            EnvironmentState cached = states.get(key);
            if (cached != null) {
                return cached;
            }
            EnvironmentState state = loadState(key);
            states.put(key, state);
            return state;
        });
    }

    /** Another connection's commit moves {@code data_version}; then nothing cached can be trusted. */
    private void forgetIfChangedElsewhere() throws SQLException {
        try (ResultSet row = dataVersion.executeQuery()) {
            row.next();
            long version = row.getLong(1);
            if (version != seenDataVersion) {
                states.clear();
                seenDataVersion = version;
            }
        }
    }

    private EnvironmentState loadState(DeploymentKey key) throws SQLException {
        {
            bindKey(stateLookup, key);
            Deployment current = null;
            Deployment last = null;
            try (ResultSet rows = stateLookup.executeQuery()) {
                while (rows.next()) {
                    Deployment deployment = deployment(rows);
                    if (deployment.id() == rows.getLong(22) && !rows.wasNull()) {
                        current = deployment;
                    }
                    if (last == null || deployment.id() > last.id()) {
                        last = deployment;
                    }
                }
            }
            return new EnvironmentState(Optional.ofNullable(current), Optional.ofNullable(last));
        }
    }

    /** The deployment running now (the last that succeeded) of one component in one environment. */
    public Optional<Deployment> current(DeploymentKey key) {
        return stateOf(key).current();
    }

    @Override
    public Optional<String> dataPlaneUsedBy(String environment) {
        return read(() -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT data_plane FROM deployments WHERE environment = ? ORDER BY id DESC LIMIT 1")) {
                query.setString(1, environment);
                try (ResultSet row = query.executeQuery()) {
                    return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<Deployment> history(DeploymentKey key, int limit) {
        return queryDeployments("WHERE d.project = ? AND d.component = ? AND d.environment = ? ORDER BY d.id DESC LIMIT "
                + limit, key.project(), key.component(), key.environment());
    }

    @Override
    public List<Deployment> historyOfEnvironment(String environment, int limit) {
        return queryDeployments("WHERE d.environment = ? ORDER BY d.id DESC LIMIT " + limit, environment);
    }

    @Override
    public List<Deployment> historyOfEnvironment(String environment, String project, int limit) {
        return queryDeployments("WHERE d.environment = ? AND (d.project = ? OR (d.project >= ? AND d.project < ?))"
                + " ORDER BY d.id DESC LIMIT " + limit, environment, project, project + "/", project + "0");
    }

    @Override
    public List<Deployment> recentDeployments(int limit) {
        return queryDeployments("ORDER BY d.id DESC LIMIT " + limit);
    }

    @Override
    public List<Deployment> historyOfProject(String project, int limit) {
        // nested projects sort between "p/" and "p0" ('0' follows '/'), which keeps the index usable
        return queryDeployments("WHERE d.project = ? OR (d.project >= ? AND d.project < ?) ORDER BY d.id DESC LIMIT "
                + limit, project, project + "/", project + "0");
    }

    @Override
    public List<Deployment> board(Optional<String> project) {
        return slots("JOIN deployments d ON d.id = c.current_id", project);
    }

    @Override
    public List<Deployment> lastAttemptsBesideTheBoard(Optional<String> project) {
        return slots("JOIN deployments d ON d.id = c.last_attempt_id "
                + "AND (c.current_id IS NULL OR c.current_id <> c.last_attempt_id)", project);
    }

    @Override
    public Deployment retire(EnvironmentClaim claim, Deployment retirement) {
        if (retirement.kind() != DeploymentKind.RETIREMENT || !retirement.key().equals(claim.key())) {
            throw new IllegalArgumentException("a retirement of " + claim.key() + " is recorded under its claim");
        }
        return write("retire " + claim.key(), () -> {
            checkHeld(claim);
            DeploymentKey key = claim.key();
            Deployment recorded = insertDeployment(retirement, DeploymentResult.SUCCEEDED,
                    retirement.startedAt().truncatedTo(ChronoUnit.MILLIS), retirement.message());
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM current WHERE project = ? AND component = ? AND environment = ?")) {
                bindKey(delete, key);
                if (delete.executeUpdate() == 0) {
                    throw new IllegalStateException("nothing runs for " + key + ": there is nothing to retire");
                }
            }
            states.remove(key);
            return recorded;
        });
    }

    /** One deployment per slot of the {@code current} table, as {@code join} picks it, for a project and below. */
    private List<Deployment> slots(String join, Optional<String> project) {
        String select = "SELECT " + DEPLOYMENT_COLUMNS + " FROM current c " + join + " ";
        String order = " ORDER BY c.project, c.component, c.environment";
        return read(() -> {
            try (PreparedStatement query = connection.prepareStatement(project.isEmpty() ? select + order
                    : select + "WHERE c.project = ? OR (c.project >= ? AND c.project < ?)" + order)) {
                if (project.isPresent()) {
                    query.setString(1, project.get());
                    query.setString(2, project.get() + "/");
                    query.setString(3, project.get() + "0");
                }
                return deployments(query);
            }
        });
    }

    private List<Deployment> queryDeployments(String where, String... arguments) {
        return read(() -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT " + DEPLOYMENT_COLUMNS + " FROM deployments d " + where)) {
                for (int i = 0; i < arguments.length; i++) {
                    query.setString(i + 1, arguments[i]);
                }
                return deployments(query);
            }
        });
    }

    private static List<Deployment> deployments(PreparedStatement query) throws SQLException {
        List<Deployment> result = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                result.add(deployment(rows));
            }
        }
        return result;
    }

    private static Deployment deployment(ResultSet row) throws SQLException {
        long restores = row.getLong(12);
        Long restored = row.wasNull() ? null : restores;
        long finishedAt = row.getLong(20);
        Instant finished = row.wasNull() ? null : Instant.ofEpochMilli(finishedAt);
        return new Deployment(row.getLong(1), new DeploymentKey(row.getString(2), row.getString(3), row.getString(4)),
                row.getString(5), row.getString(6), row.getString(7), row.getString(8),
                new ImageReference(row.getString(9), new ImageDigest(row.getString(10))),
                DeploymentKind.valueOf(row.getString(11)), restored, SnapshotJson.read(row.getString(13)),
                DeploymentResult.valueOf(row.getString(14)), Trigger.valueOf(row.getString(15)), row.getString(16),
                row.getString(17), row.getString(18), Instant.ofEpochMilli(row.getLong(19)), finished,
                row.getString(21));
    }

    // ---- plumbing

    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work} in one immediate transaction: it commits whole, durably, or not at all. */
    private <T> T write(String what, Work<T> work) {
        lock.lock();
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                T result = work.run();
                statement.execute("COMMIT");
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    statement.execute("ROLLBACK");
                } catch (SQLException rollback) {
                    // SQLite rolled back already (a full disk does): the first failure is the one to report
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw failure(file, what, e, lockTimeout);
        } finally {
            lock.unlock();
        }
    }

    private <T> T read(Work<T> work) {
        lock.lock();
        try {
            return work.run();
        } catch (SQLException e) {
            throw new LedgerException("the ledger " + file + " could not be read: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** A storage failure in words; "busy" means another process held the write lock for the whole timeout. */
    static LedgerException failure(Path file, String what, SQLException e, Duration lockTimeout) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("SQLITE_BUSY") || message.contains("database is locked")) {
            return new LedgerException("the ledger " + file + " is locked by another process (waited "
                    + lockTimeout.toSeconds() + "s to " + what + "); try again when it has finished", e);
        }
        if (message.contains("SQLITE_FULL") || message.contains("disk is full")) {
            return new LedgerException("the disk holding the ledger " + file + " is full, so it could not " + what
                    + " (nothing of it was written): free space there, then run again", e);
        }
        if (message.contains("SQLITE_READONLY") || message.contains("readonly database")) {
            return new LedgerException("the ledger " + file + " is read-only, so it could not " + what
                    + ": make the file and its directory writable", e);
        }
        return new LedgerException("the ledger " + file + " could not " + what + ": " + message, e);
    }

    private static void bindKey(PreparedStatement statement, DeploymentKey key) throws SQLException {
        statement.setString(1, key.project());
        statement.setString(2, key.component());
        statement.setString(3, key.environment());
    }

    private static <T> Optional<T> first(List<T> items) {
        return items.isEmpty() ? Optional.empty() : Optional.of(items.get(0));
    }

    private static Release withMillis(Release release) {
        return new Release(release.project(), release.component(), release.revision(), release.image(),
                release.workload(), release.buildReference(), release.recordedAt().truncatedTo(ChronoUnit.MILLIS), release.recordedBy());
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis + ThreadLocalRandom.current().nextInt(3));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EnvironmentBusyException("interrupted while waiting for the deployment slot");
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            stateLookup.close();
            dataVersion.close();
            connection.close();
        } catch (SQLException e) {
            throw new LedgerException("the ledger " + file + " did not close cleanly: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** A held slot: the token proves the holder. */
    private final class Claim implements EnvironmentClaim {
        private final DeploymentKey key;
        private final String token;
        private boolean closed;

        Claim(DeploymentKey key, String token) {
            this.key = key;
            this.token = token;
        }

        SqliteLedger ledger() {
            return SqliteLedger.this;
        }

        @Override
        public DeploymentKey key() {
            return key;
        }

        @Override
        public synchronized void close() {
            if (!closed) {
                closed = true;
                releaseClaim(this);
            }
        }
    }
}
