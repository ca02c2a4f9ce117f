package io.cdpipelines.ledger;

import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.DeploymentKind;
import io.cdpipelines.model.DeploymentResult;
import io.cdpipelines.model.ImageDigest;
import io.cdpipelines.model.ImageReference;
import io.cdpipelines.model.Release;
import io.cdpipelines.model.Trigger;
import io.cdpipelines.model.SlotState;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The ledger's tables as every backend shares them (releases, deployments, each slot's current deployment and last
 * attempt), with the rules that keep them consistent: a deployment started while another of its slot is left under
 * way supersedes it, an abandoned one is recorded ABANDONED, an attempt moves the slot's state. The SQL is the common
 * subset of SQLite and PostgreSQL; the backends add transactions, claims and schema. Every call runs on the
 * connection it is given, inside the caller's transaction.
 */
final class LedgerTables {
    static final String DEPLOYMENT_COLUMNS = "d.id, d.project, d.component, d.environment, d.data_plane, "
            + "d.pipeline, d.source, d.revision, d.repository, d.digest, d.kind, d.restores, d.configuration, "
            + "d.result, d.trigger_kind, d.requested_by, d.approved_by, d.build, d.started_at, d.finished_at, d.message";
    private static final String RELEASE_COLUMNS = "project, component, revision, repository, digest, build, "
            + "recorded_at, recorded_by, workload";

    private LedgerTables() {
    }

    // ---- releases

    static void insertRelease(Connection connection, Release release) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO releases (" + RELEASE_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, release.project());
            insert.setString(2, release.component());
            insert.setString(3, release.revision());
            insert.setString(4, release.image().repository());
            insert.setString(5, release.digest().value());
            insert.setString(6, release.buildReference());
            insert.setLong(7, release.recordedAt().toEpochMilli());
            insert.setString(8, release.recordedBy());
            insert.setString(9, SnapshotJson.writeWorkload(release.workload()));
            insert.executeUpdate();
        }
    }

    /** Releases matching {@code where} (with its order and limit), its {@code ?} bound to {@code arguments}. */
    static List<Release> releases(Connection connection, String where, String... arguments) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + RELEASE_COLUMNS + " FROM releases "
                + where)) {
            bind(query, arguments);
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
    }

    static Release withMillis(Release release) {
        return new Release(release.project(), release.component(), release.revision(), release.image(),
                release.workload(), release.buildReference(), release.recordedAt().truncatedTo(ChronoUnit.MILLIS),
                release.recordedBy());
    }

    // ---- deployments

    /**
     * Adds a deployment, numbered by the database; one finished at once carries {@code finished} and
     * {@code message}. Any deployment of the slot still under way is superseded by it.
     */
    static Deployment insertDeployment(Connection connection, Deployment draft, DeploymentResult result,
                                       Instant finished, String message) throws SQLException {
        Instant started = draft.startedAt().truncatedTo(ChronoUnit.MILLIS);
        long id;
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO deployments (project, component,"
                + " environment, data_plane, pipeline, source, revision, repository, digest, kind, restores,"
                + " configuration, result, trigger_kind, requested_by, approved_by, build, started_at, finished_at,"
                + " message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
            bindKey(insert, draft.slot());
            insert.setString(4, draft.dataPlane());
            insert.setString(5, draft.pipeline());
            insert.setString(6, draft.sourceEnvironment());
            insert.setString(7, draft.revision());
            insert.setString(8, draft.image().repository());
            insert.setString(9, draft.image().digest().value());
            insert.setString(10, draft.kind().name());
            setNullableLong(insert, 11, draft.restores());
            insert.setString(12, SnapshotJson.write(draft.configuration()));
            insert.setString(13, result.name());
            insert.setString(14, draft.trigger().name());
            insert.setString(15, draft.requestedBy());
            insert.setString(16, draft.approvedBy());
            insert.setString(17, draft.buildReference());
            insert.setLong(18, started.toEpochMilli());
            setNullableLong(insert, 19, finished == null ? null : finished.toEpochMilli());
            insert.setString(20, message);
            try (ResultSet keys = insert.executeQuery()) {
                keys.next();
                id = keys.getLong(1);
            }
        }
        supersede(connection, draft.slot(), id);
        return new Deployment(id, draft.slot(), draft.dataPlane(), draft.pipeline(), draft.sourceEnvironment(),
                draft.revision(), draft.image(), draft.kind(), draft.restores(), draft.configuration(), result,
                draft.trigger(), draft.requestedBy(), draft.approvedBy(), draft.buildReference(), started, finished,
                message);
    }

    /** Records how deployment {@code id}, under way, ended, and moves its slot's state. */
    static Deployment finishDeployment(Connection connection, Slot key, long id, DeploymentResult result,
                                       String message, Instant at) throws SQLException {
        Deployment started = deploymentById(connection, id).orElseThrow(
                () -> new IllegalArgumentException("no deployment #" + id));
        if (!started.slot().equals(key) || started.result() != DeploymentResult.IN_PROGRESS) {
            throw new IllegalStateException("deployment #" + id + " is not under way under this claim");
        }
        Instant finished = at.truncatedTo(ChronoUnit.MILLIS);
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE deployments SET result = ?, finished_at = ?, message = ? WHERE id = ?")) {
            update.setString(1, result.name());
            update.setLong(2, finished.toEpochMilli());
            update.setString(3, message);
            update.setLong(4, id);
            update.executeUpdate();
        }
        recordAttempt(connection, key, id, result == DeploymentResult.SUCCEEDED);
        return started.finished(result, finished, message);
    }

    /**
     * Records the retirement of what runs in the slot and takes the slot off the board.
     *
     * @throws IllegalStateException when nothing runs there
     */
    static Deployment retire(Connection connection, Deployment retirement) throws SQLException {
        if (retirement.kind() != DeploymentKind.RETIREMENT) {
            throw new IllegalArgumentException("a retirement is recorded as kind RETIREMENT");
        }
        Deployment recorded = insertDeployment(connection, retirement, DeploymentResult.SUCCEEDED,
                retirement.startedAt().truncatedTo(ChronoUnit.MILLIS), retirement.message());
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM current WHERE project = ? AND component = ? AND environment = ?")) {
            bindKey(delete, retirement.slot());
            if (delete.executeUpdate() == 0) {
                throw new IllegalStateException("nothing runs for " + retirement.slot() + ": there is nothing to "
                        + "retire");
            }
        }
        return recorded;
    }

    /** Records the slot's deployments left under way by a holder that has ended as failed, abandoned. */
    static void abandon(Connection connection, Slot key, String why) throws SQLException {
        for (long id : finishUnfinished(connection, key, Long.MAX_VALUE, DeploymentResult.ABANDONED, why)) {
            recordAttempt(connection, key, id, false);
        }
    }

    /**
     * A deployment of the slot still under way while another starts under a claim can only have been left so (its
     * wait suspended by a shutdown, nobody resumed it): it will never be finished as it was, so it is recorded as
     * superseded. The slot's state does not change: it never ran to an end.
     */
    private static void supersede(Connection connection, Slot key, long newer) throws SQLException {
        finishUnfinished(connection, key, newer, DeploymentResult.FAILED, "superseded by deployment #" + newer
                + ", started while this one was left under way");
    }

    /** Records the slot's deployments still under way, those numbered below {@code before}, as {@code result}: why. */
    private static List<Long> finishUnfinished(Connection connection, Slot key, long before, DeploymentResult result,
                                               String why) throws SQLException {
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
            try (PreparedStatement finish = connection.prepareStatement("UPDATE deployments SET result = ?,"
                    + " finished_at = ?, message = ? WHERE id = ?")) {
                finish.setString(1, result.name());
                finish.setLong(2, System.currentTimeMillis());
                finish.setString(3, why);
                finish.setLong(4, id);
                finish.executeUpdate();
            }
        }
        return unfinished;
    }

    /** Makes {@code id} the slot's last attempt and, when it succeeded, what runs there now. */
    private static void recordAttempt(Connection connection, Slot key, long id, boolean succeeded)
            throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO current (project, component,"
                + " environment, current_id, last_attempt_id) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (project, component, environment) DO UPDATE SET last_attempt_id = excluded.last_attempt_id,"
                + " current_id = coalesce(excluded.current_id, current.current_id)")) {
            bindKey(upsert, key);
            setNullableLong(upsert, 4, succeeded ? id : null);
            upsert.setLong(5, id);
            upsert.executeUpdate();
        }
    }

    static Optional<Deployment> deploymentById(Connection connection, long id) throws SQLException {
        return first(deployments(connection, "WHERE d.id = ?", id));
    }

    /** The query of a slot's current deployment and last attempt; {@link #loadState} binds and runs it. */
    static final String STATE_LOOKUP = "SELECT " + DEPLOYMENT_COLUMNS + ", c.current_id FROM current c"
            + " JOIN deployments d ON d.id IN (c.current_id, c.last_attempt_id)"
            + " WHERE c.project = ? AND c.component = ? AND c.environment = ?";

    /** The slot's current deployment and last attempt, read with {@code lookup}, a prepared {@link #STATE_LOOKUP}. */
    static SlotState loadState(PreparedStatement lookup, Slot key) throws SQLException {
        bindKey(lookup, key);
        Deployment current = null;
        Deployment last = null;
        try (ResultSet rows = lookup.executeQuery()) {
            while (rows.next()) {
                Deployment deployment = deployment(rows);
                long currentId = rows.getLong(22);
                if (!rows.wasNull() && deployment.id() == currentId) {
                    current = deployment;
                }
                if (last == null || deployment.id() > last.id()) {
                    last = deployment;
                }
            }
        }
        return new SlotState(Optional.ofNullable(current), Optional.ofNullable(last));
    }

    static Optional<String> dataPlaneUsedBy(Connection connection, String environment) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT data_plane FROM deployments WHERE environment = ? ORDER BY id DESC LIMIT 1")) {
            query.setString(1, environment);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * Deployments matching {@code where} (with its order and limit), its {@code ?} bound to {@code arguments}
     * (strings and longs).
     */
    static List<Deployment> deployments(Connection connection, String where, Object... arguments)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + DEPLOYMENT_COLUMNS
                + " FROM deployments d " + where)) {
            bind(query, arguments);
            return deployments(query);
        }
    }

    /** The condition on {@code column} for a project and the projects nested in it, with its three arguments. */
    static String projectAndBelow(String column) {
        // nested projects sort between "p/" and "p0" ('0' follows '/'), which keeps the index usable
        return "(" + column + " = ? OR (" + column + " >= ? AND " + column + " < ?))";
    }

    static Object[] projectAndBelowArguments(String project) {
        return new Object[] {project, project + "/", project + "0"};
    }

    /** One deployment per slot of the {@code current} table, as {@code join} picks it, for a project and below. */
    static List<Deployment> slots(Connection connection, String join, Optional<String> project) throws SQLException {
        String select = "SELECT " + DEPLOYMENT_COLUMNS + " FROM current c " + join + " ";
        String order = " ORDER BY c.project, c.component, c.environment";
        try (PreparedStatement query = connection.prepareStatement(project.isEmpty() ? select + order
                : select + "WHERE " + projectAndBelow("c.project") + order)) {
            if (project.isPresent()) {
                bind(query, projectAndBelowArguments(project.get()));
            }
            return deployments(query);
        }
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
        return new Deployment(row.getLong(1), new Slot(row.getString(2), row.getString(3), row.getString(4)),
                row.getString(5), row.getString(6), row.getString(7), row.getString(8),
                new ImageReference(row.getString(9), new ImageDigest(row.getString(10))),
                DeploymentKind.valueOf(row.getString(11)), restored, SnapshotJson.read(row.getString(13)),
                DeploymentResult.valueOf(row.getString(14)), Trigger.valueOf(row.getString(15)), row.getString(16),
                row.getString(17), row.getString(18), Instant.ofEpochMilli(row.getLong(19)), finished,
                row.getString(21));
    }

    /** The host this process runs on, as claims name it. */
    static final String HOST = hostName();
    /** This process, as claims name it. */
    static final long PID = ProcessHandle.current().pid();

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    /** Records this process as the slot's holder under {@code token}, in place of any holder recorded before. */
    static void recordHolder(Connection connection, Slot key, String token, String requestedBy)
            throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO claims (project, component,"
                + " environment, token, requested_by, host, pid, claimed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                + " ON CONFLICT (project, component, environment) DO UPDATE SET token = excluded.token,"
                + " requested_by = excluded.requested_by, host = excluded.host, pid = excluded.pid,"
                + " claimed_at = excluded.claimed_at")) {
            bindKey(upsert, key);
            upsert.setString(4, token);
            upsert.setString(5, requestedBy == null ? "" : requestedBy);
            upsert.setString(6, HOST);
            upsert.setLong(7, PID);
            upsert.setLong(8, System.currentTimeMillis());
            upsert.executeUpdate();
        }
    }

    /** The refusal of a claim that waited {@code wait} for the slot {@code holder} (in words) kept. */
    static SlotBusyException busy(Slot key, String holder, java.time.Duration wait) {
        return new SlotBusyException(key.environment() + " is busy for " + key.project() + "/"
                + key.component() + ": " + holder + "; waited " + wait.toSeconds() + "s. Try again when it has finished");
    }

    /** Who holds a slot, in words, from its row in {@code claims}. */
    static String holderInWords(String requestedBy, String host, long pid, long claimedAt) {
        return "a deployment " + (requestedBy.isEmpty() ? "" : "by " + requestedBy + " ") + "(process " + pid + " on "
                + host + ") has held it since " + Instant.ofEpochMilli(claimedAt);
    }

    // ---- binding

    static void bindKey(PreparedStatement statement, Slot key) throws SQLException {
        statement.setString(1, key.project());
        statement.setString(2, key.component());
        statement.setString(3, key.environment());
    }

    private static void bind(PreparedStatement statement, Object... arguments) throws SQLException {
        for (int i = 0; i < arguments.length; i++) {
            if (arguments[i] instanceof Long number) {
                statement.setLong(i + 1, number);
            } else {
                statement.setString(i + 1, (String) arguments[i]);
            }
        }
    }

    private static void setNullableLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    static <T> Optional<T> first(List<T> items) {
        return items.isEmpty() ? Optional.empty() : Optional.of(items.get(0));
    }
}
