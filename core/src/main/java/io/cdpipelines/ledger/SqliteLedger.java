package io.cdpipelines.ledger;

import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.DeploymentResult;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The embedded ledger: one SQLite database file in the data directory, in WAL mode with full synchronous commits, so
 * that an acknowledged record survives {@code kill -9} and a power cut, and several processes (Jenkins and
 * {@code cdp}) can share it. Within a process one connection serves all threads under a lock.
 *
 * <p>A claim is a row naming the process that holds the slot; a row of a process on this host that no longer runs is
 * taken over. Cached slot states are cleared when SQLite's {@code data_version}, which moves when another connection
 * commits, has moved.
 * (Memory-mapped reads were tried: uncached lookups gained a fifth, durable writes lost half; writes matter more.)
 */
public final class SqliteLedger extends JdbcLedger {
    public static final String FILE_NAME = "ledger.db";
    private static final SchemaMigrations SCHEMA = SchemaMigrations.of("sqlite");

    private final Path file;
    private final Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private final PreparedStatement dataVersion;
    private long seenDataVersion = -1;

    private final Duration lockTimeout;

    private SqliteLedger(Path file, Connection connection, Duration lockTimeout, boolean existed) throws SQLException {
        this.file = file;
        this.lockTimeout = lockTimeout;
        this.connection = connection;
        createSchema(existed);
        this.dataVersion = connection.prepareStatement("PRAGMA data_version");
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
            try {
                SCHEMA.apply(connection, file.toString(), System.currentTimeMillis());
            } catch (SQLException | RuntimeException e) {
                statement.execute("ROLLBACK");
                throw e;
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

    // ---- claims: a row per held slot, naming the process that holds it

    @Override
    public SlotClaim claim(Slot key, String requestedBy, Duration wait) {
        String token = UUID.randomUUID().toString();
        SlotWait slotWait = new SlotWait(wait);
        while (true) {
            Optional<String> holder = write("claim " + key, connection -> tryClaim(connection, key, token,
                    requestedBy));
            if (holder.isEmpty()) {
                forgetCachedStates();
                return new Claim(key, token);
            }
            if (!slotWait.pause()) {
                throw LedgerTables.busy(key, holder.get(), wait);
            }
        }
    }

    @Override
    public SlotClaim reclaim(Slot key, long deploymentId, String requestedBy) {
        String token = UUID.randomUUID().toString();
        Optional<String> refusal = write("reclaim " + key, connection -> {
            Optional<Deployment> deployment = LedgerTables.deploymentById(connection, deploymentId);
            if (deployment.isEmpty() || !deployment.get().slot().equals(key)
                    || deployment.get().result() != DeploymentResult.IN_PROGRESS) {
                return Optional.of("deployment #" + deploymentId + " of " + key + " is not under way");
            }
            try (PreparedStatement query = connection.prepareStatement("SELECT host, pid FROM claims"
                    + " WHERE project = ? AND component = ? AND environment = ?")) {
                LedgerTables.bindKey(query, key);
                try (ResultSet row = query.executeQuery()) {
                    if (row.next() && !holderIsGone(row.getString(1), row.getLong(2))) {
                        return Optional.of("its holder, process " + row.getLong(2) + " on " + row.getString(1)
                                + ", still runs");
                    }
                }
            }
            LedgerTables.recordHolder(connection, key, token, requestedBy); // in place of the dead holder's row
            return Optional.<String>empty();
        });
        if (refusal.isPresent()) {
            throw new SlotBusyException("cannot resume deployment #" + deploymentId + ": " + refusal.get());
        }
        forgetCachedStates();
        return new Claim(key, token);
    }

    /** Empty when the claim was taken, else who holds the slot, in words. */
    private Optional<String> tryClaim(Connection connection, Slot key, String token, String requestedBy)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT requested_by, host, pid, claimed_at"
                + " FROM claims WHERE project = ? AND component = ? AND environment = ?")) {
            LedgerTables.bindKey(query, key);
            try (ResultSet row = query.executeQuery()) {
                if (row.next()) {
                    String holderHost = row.getString(2);
                    long holderPid = row.getLong(3);
                    if (!holderIsGone(holderHost, holderPid)) {
                        return Optional.of(LedgerTables.holderInWords(row.getString(1), holderHost, holderPid,
                                row.getLong(4)));
                    }
                    // the holder died mid-deployment: what it left under way is recorded failed, abandoned
                    LedgerTables.abandon(connection, key, Deployment.abandonedMessage(holderPid, holderHost));
                }
            }
        }
        LedgerTables.recordHolder(connection, key, token, requestedBy); // replaces a dead holder's row
        return Optional.empty();
    }

    /** A claim of a process on this host that no longer runs: it died mid-deployment. */
    private boolean holderIsGone(String holderHost, long holderPid) {
        return holderHost.equals(LedgerTables.HOST) && holderPid != LedgerTables.PID
                && ProcessHandle.of(holderPid).map(p -> !p.isAlive()).orElse(true);
    }

    private void releaseClaim(Claim claim) {
        write("release claim on " + claim.slot(), connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM claims"
                    + " WHERE project = ? AND component = ? AND environment = ? AND token = ?")) {
                LedgerTables.bindKey(delete, claim.slot());
                delete.setString(4, claim.token);
                delete.executeUpdate();
            }
            return null;
        });
    }

    @Override
    <T> T writeUnderClaim(SlotClaim claim, String what, Work<T> work) {
        if (!(claim instanceof Claim own) || own.ledger() != this) {
            throw new IllegalArgumentException("the claim was not taken on this ledger");
        }
        return write(what, connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM claims"
                    + " WHERE project = ? AND component = ? AND environment = ? AND token = ?")) {
                LedgerTables.bindKey(query, claim.slot());
                query.setString(4, own.token);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        throw new IllegalStateException("the claim on " + claim.slot() + " is no longer held");
                    }
                }
            }
            return work.run(connection);
        });
    }

    // ---- plumbing: one connection, one writer at a time

    /** Runs {@code work} in one immediate transaction: it commits whole, durably, or not at all. */
    @Override
    <T> T write(String what, Work<T> work) {
        lock.lock();
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                T result = work.run(connection);
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

    @Override
    <T> T read(Work<T> work) {
        lock.lock();
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new LedgerException("the ledger " + file + " could not be read: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** Another connection's commit moves {@code data_version}. */
    @Override
    boolean changedElsewhere(Connection ignored) throws SQLException {
        try (ResultSet row = dataVersion.executeQuery()) {
            row.next();
            long version = row.getLong(1);
            boolean changed = version != seenDataVersion;
            seenDataVersion = version;
            return changed;
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

    @Override
    public void close() {
        lock.lock();
        try {
            dataVersion.close();
            connection.close();
        } catch (SQLException e) {
            throw new LedgerException("the ledger " + file + " did not close cleanly: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    /** A held slot: the token proves the holder. */
    private final class Claim implements SlotClaim {
        private final Slot key;
        private final String token;
        private boolean closed;

        Claim(Slot key, String token) {
            this.key = key;
            this.token = token;
        }

        SqliteLedger ledger() {
            return SqliteLedger.this;
        }

        @Override
        public Slot slot() {
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
