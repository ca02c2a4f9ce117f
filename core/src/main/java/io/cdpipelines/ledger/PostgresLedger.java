package io.cdpipelines.ledger;

import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.DeploymentResult;
import org.postgresql.PGConnection;

import static io.cdpipelines.ledger.PostgresSessions.CHANNEL;
import static io.cdpipelines.ledger.PostgresSessions.closeQuietly;
import static io.cdpipelines.ledger.PostgresSessions.failure;
import static io.cdpipelines.ledger.PostgresSessions.login;
import static io.cdpipelines.ledger.PostgresSessions.lost;
import static io.cdpipelines.ledger.PostgresSessions.nameOf;
import static io.cdpipelines.ledger.PostgresSessions.transaction;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The shared ledger: one PostgreSQL database that several Jenkins controllers and {@code cdp} runners use as one
 * record of what runs where. The tables and rules are SQLite's ({@link LedgerTables}); what differs is how a claim is
 * held: by a session-level advisory lock on the slot, on a connection of the claim's own (a claimant that waits holds
 * no connection: it watches the lock through the shared one). A holder that dies loses its
 * connection, so its lock goes with it (at once when its process is killed, within about half a minute when its host
 * is lost, through TCP keepalives), and the next claimant records what it left under way as abandoned.
 *
 * <p>Everything written about a slot is written under its claim, so the claims serialize what must not interleave, and
 * transactions run read committed (serializable ones were tried: fifty concurrent promotions from two hosts kept
 * failing each other). A write that meets another host's (a release recorded twice at once, a deadlock) is run
 * again. Each commit
 * notifies {@code cdp_ledger}; a listening connection clears the cached slot states when anyone commits, and taking a
 * claim clears them too, so what is decided under a claim is read fresh.
 */
public final class PostgresLedger extends JdbcLedger {
    private static final SchemaMigrations SCHEMA = SchemaMigrations.of("postgresql");
    /** The first half of every advisory lock key of this ledger ("cdp " in ASCII); the second is the slot's id. */
    static final int LOCK_CLASS = 0x63647020;
    private static final Duration LISTEN_RETRY = Duration.ofSeconds(2);

    private final String url;
    private final String name;
    private final Properties credentials;
    /** Reads and the writes made under no claim; replaced when the server restarted or the network dropped it. */
    private Connection connection;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile Connection listener;
    private final Thread listening;
    private final AtomicBoolean changed = new AtomicBoolean(true);
    private final AtomicBoolean listenerLost = new AtomicBoolean(false);
    private volatile boolean closed;

    private PostgresLedger(String url, Properties credentials) throws SQLException {
        this.url = url;
        this.name = nameOf(url);
        this.credentials = credentials;
        this.connection = sharedConnection();
        migrate();
        this.listener = listeningConnection();
        this.listening = new Thread(this::listen, "cdp ledger listener " + name);
        this.listening.setDaemon(true);
        this.listening.start();
    }

    /**
     * Opens the ledger in the database at {@code jdbcUrl} ({@code jdbc:postgresql://host[:port]/database}), creating
     * or migrating its tables. The password is never part of a message.
     */
    public static PostgresLedger open(String jdbcUrl, String user, String password) {
        try {
            return new PostgresLedger(jdbcUrl, login(user, password));
        } catch (SQLException e) {
            throw failure(nameOf(jdbcUrl), "open", e);
        }
    }

    /**
     * What is at {@code jdbcUrl}, in words, without changing anything there (a connection test): the server's version
     * and the ledger schema it holds, or that its tables will be made on first use.
     *
     * @throws LedgerException when it cannot be reached or refuses the credentials, said as {@link #open} says it
     */
    public static String describeDatabase(String jdbcUrl, String user, String password) {
        Properties properties = login(user, password);
        properties.setProperty("connectTimeout", "10");
        try (Connection c = PostgresSessions.connect(jdbcUrl, properties); Statement statement = c.createStatement()) {
            String version = c.getMetaData().getDatabaseProductName() + " " + c.getMetaData().getDatabaseProductVersion();
            try (ResultSet table = statement.executeQuery("SELECT to_regclass('schema_history') IS NOT NULL")) {
                table.next();
                if (!table.getBoolean(1)) {
                    return version + "; no ledger there yet: its tables are made on first use";
                }
            }
            try (ResultSet schema = statement.executeQuery("SELECT max(version) FROM schema_history")) {
                schema.next();
                return version + "; ledger schema " + schema.getInt(1) + " (this installation knows "
                        + SCHEMA.latestVersion() + ")";
            }
        } catch (SQLException e) {
            throw failure(nameOf(jdbcUrl), "be tested", e);
        }
    }

    private Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.putAll(credentials);
        properties.setProperty("tcpKeepAlive", "true");
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("ApplicationName", "cdp ledger (" + LedgerTables.HOST + ", process " + LedgerTables.PID + ")");
        return PostgresSessions.connect(url, properties);
    }

    private Connection sharedConnection() throws SQLException {
        Connection shared = connect();
        shared.setAutoCommit(false);
        shared.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
        return shared;
    }

    private Connection listeningConnection() throws SQLException {
        Connection listening = connect();
        try (Statement statement = listening.createStatement()) {
            statement.execute("LISTEN " + CHANNEL);
        }
        return listening;
    }

    private void migrate() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            // one process migrates at a time; the lock ends with the transaction
            statement.execute("SELECT pg_advisory_xact_lock(" + LOCK_CLASS + ", 0)");
            SCHEMA.apply(connection, name, System.currentTimeMillis());
            connection.commit();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        }
    }

    @Override
    public SlotClaim claim(Slot key, String requestedBy, Duration wait) {
        SlotWait slotWait = new SlotWait(wait);
        // the slots table is nobody's cache: no notice to the other hosts
        int slot = onSharedConnection("claim " + key, false, c -> slotId(c, key));
        PostgresClaim claim = null;
        // a claimant that waits holds no connection of its own: it looks at the lock through the shared one, and
        // opens its own only to take a lock that looked free
        while (claim == null) {
            if (lockLooksFree(slot)) {
                PostgresClaim attempt = openClaim(key, slot);
                if (attempt.tryLock()) {
                    claim = attempt;
                    continue;
                }
                attempt.closeQuietly();
            }
            if (!slotWait.pause()) {
                throw LedgerTables.busy(key, holderOf(key), wait);
            }
        }
        try {
            PostgresClaim held = claim;
            // the lock is ours, so whoever left a deployment of the slot under way has ended
            held.transaction("claim " + key, true, c -> {
                LedgerTables.abandon(c, key, abandonedMessage(c, key));
                LedgerTables.recordHolder(c, key, held.token(), requestedBy);
                return null;
            });
            forgetCachedStates();
            return claim;
        } catch (RuntimeException e) {
            claim.closeQuietly();
            throw e;
        }
    }

    @Override
    public SlotClaim reclaim(Slot key, long deploymentId, String requestedBy) {
        PostgresClaim claim = openClaim(key, onSharedConnection("reclaim " + key, false, c -> slotId(c, key)));
        try {
            if (!claim.tryLock()) {
                throw new SlotBusyException("cannot resume deployment #" + deploymentId + ": its holder, "
                        + holderOf(key) + ", still runs");
            }
            Optional<String> refusal = claim.transaction("reclaim " + key, false, c -> {
                Optional<Deployment> deployment = LedgerTables.deploymentById(c, deploymentId);
                if (deployment.isEmpty() || !deployment.get().slot().equals(key)
                        || deployment.get().result() != DeploymentResult.IN_PROGRESS) {
                    return Optional.of("deployment #" + deploymentId + " of " + key + " is not under way");
                }
                LedgerTables.recordHolder(c, key, claim.token(), requestedBy);
                return Optional.<String>empty();
            });
            if (refusal.isPresent()) {
                throw new SlotBusyException("cannot resume deployment #" + deploymentId + ": "
                        + refusal.get());
            }
            forgetCachedStates();
            return claim;
        } catch (RuntimeException e) {
            claim.closeQuietly();
            throw e;
        }
    }

    /** Whether nobody holds the slot's lock now (the answer may be stale by the time a claimant acts on it). */
    private boolean lockLooksFree(int slot) {
        return read(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT NOT EXISTS (SELECT 1 FROM pg_locks"
                    + " WHERE locktype = 'advisory' AND classid::int8 = ? AND objid::int8 = ? AND objsubid = 2 AND granted)")) {
                query.setLong(1, Integer.toUnsignedLong(LOCK_CLASS));
                query.setLong(2, Integer.toUnsignedLong(slot));
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    return row.getBoolean(1);
                }
            }
        });
    }

    private PostgresClaim openClaim(Slot key, int slot) {
        Connection own = null;
        try {
            own = connect();
            try (Statement statement = own.createStatement()) {
                // a host that is lost without closing its connection is noticed by the server within ~25 s
                statement.execute("SET tcp_keepalives_idle = 10");
                statement.execute("SET tcp_keepalives_interval = 5");
                statement.execute("SET tcp_keepalives_count = 3");
            }
            own.setAutoCommit(false);
            own.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED);
            return new PostgresClaim(this, name, key, own, slot);
        } catch (SQLException e) {
            closeQuietly(own);
            throw failure(name, "claim " + key, e);
        }
    }

    private static int slotId(Connection c, Slot key) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO slots (project, component, environment)"
                + " VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
            LedgerTables.bindKey(insert, key);
            insert.executeUpdate();
        }
        try (PreparedStatement query = c.prepareStatement("SELECT id FROM slots WHERE project = ? AND component = ?"
                + " AND environment = ?")) {
            LedgerTables.bindKey(query, key);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    /** Who holds the slot, in words, as the holder recorded itself. */
    private String holderOf(Slot key) {
        return read(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT requested_by, host, pid, claimed_at FROM claims"
                    + " WHERE project = ? AND component = ? AND environment = ?")) {
                LedgerTables.bindKey(query, key);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        return "a deployment has just taken it";
                    }
                    return LedgerTables.holderInWords(row.getString(1), row.getString(2), row.getLong(3),
                            row.getLong(4));
                }
            }
        });
    }

    /** Why what the last holder left under way is abandoned, naming that holder as it recorded itself. */
    private static String abandonedMessage(Connection c, Slot key) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT host, pid FROM claims"
                + " WHERE project = ? AND component = ? AND environment = ?")) {
            LedgerTables.bindKey(query, key);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Deployment.abandonedMessage(row.getLong(2), row.getString(1))
                        : Deployment.abandonedMessage(0, "an unknown host");
            }
        }
    }

    @Override
    <T> T writeUnderClaim(SlotClaim claim, String what, Work<T> work) {
        if (!(claim instanceof PostgresClaim own) || own.ledger() != this) {
            throw new IllegalArgumentException("the claim was not taken on this ledger");
        }
        if (own.released()) {
            throw new IllegalStateException("the claim on " + claim.slot() + " is no longer held");
        }
        // on the claim's own connection: if it has ended, so has the lock, and the write fails
        return own.transaction(what, true, work);
    }

    @Override
    <T> T write(String what, Work<T> work) {
        return onSharedConnection(what, true, work);
    }

    @Override
    <T> T read(Work<T> work) {
        return onSharedConnection("be read", false, work);
    }

    /**
     * Runs {@code work} on the shared connection; when that connection was lost (the server restarted, the network
     * dropped it), a new one is made and the work runs once more: what runs here under no claim (reads, recording a
     * release) may run twice. A controller so outlives a restart of its database.
     */
    private <T> T onSharedConnection(String what, boolean changes, Work<T> work) {
        lock.lock();
        try {
            try {
                return transaction(connection, name, what, changes, work);
            } catch (LedgerException e) {
                if (!lost(connection)) {
                    throw e;
                }
                closeQuietly(connection);
                try {
                    connection = sharedConnection();
                } catch (SQLException again) {
                    throw failure(name, what, again);
                }
                forgetCachedStates(); // what was cached may have changed while it was away
                return transaction(connection, name, what, changes, work);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    boolean changedElsewhere(Connection ignored) {
        // without a listener nothing tells of other hosts' commits: then nothing is cached
        return changed.getAndSet(false) || listenerLost.get();
    }

    /** Follows other hosts' commits; when the connection is lost, reads go uncached until a new one listens. */
    private void listen() {
        while (!closed) {
            try {
                var received = listener.unwrap(PGConnection.class).getNotifications(1000);
                if (received != null && received.length > 0) {
                    changed.set(true);
                }
            } catch (SQLException e) {
                if (closed) {
                    return;
                }
                listenerLost.set(true);
                closeQuietly(listener);
                listenAgain();
            }
        }
    }

    private void listenAgain() {
        while (!closed) {
            try {
                Thread.sleep(LISTEN_RETRY.toMillis());
                listener = listeningConnection();
                changed.set(true); // commits were missed meanwhile
                listenerLost.set(false);
                return;
            } catch (SQLException e) {
                // still away: try again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            closeQuietly(listener);
            listening.interrupt();
            connection.close();
        } catch (SQLException e) {
            throw new LedgerException("the ledger database " + name + " did not close cleanly: " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

}
