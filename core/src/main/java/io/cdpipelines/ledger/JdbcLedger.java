package io.cdpipelines.ledger;

import io.cdpipelines.model.ApprovalDecision;
import io.cdpipelines.model.ApprovalRequest;

import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.DeploymentResult;
import io.cdpipelines.model.ImageDigest;
import io.cdpipelines.model.Release;
import io.cdpipelines.model.SlotState;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A ledger over SQL tables: everything but storage is here, the same for every backend (the rules in
 * {@link LedgerTables}, the slot cache, the queries). A backend brings its transactions, how claims are held and
 * proven, and how it notices another process's commits.
 */
abstract class JdbcLedger implements Ledger {

    /** Work inside one transaction, on the connection the backend gives. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final SlotStates states = new SlotStates();
    /** The state lookup, prepared once per connection (reads run one at a time, under the backend's lock). */
    private PreparedStatement stateLookup;
    private Connection stateLookupConnection;

    /** Runs {@code work} in one transaction that commits whole, durably, or not at all; {@code what} names it. */
    abstract <T> T write(String what, Work<T> work);

    /**
     * Runs {@code work} as {@link #write}, under {@code claim}: the claim is proven held by this ledger first, and
     * stays held until the work commits.
     *
     * @throws IllegalArgumentException when the claim was taken on another ledger
     * @throws IllegalStateException    when the claim is no longer held
     */
    abstract <T> T writeUnderClaim(SlotClaim claim, String what, Work<T> work);

    /** Runs {@code work} on a consistent view of the tables, one read at a time. */
    abstract <T> T read(Work<T> work);

    /** Whether another process may have committed since the last call (then every cached state is dropped). */
    abstract boolean changedElsewhere(Connection connection) throws SQLException;

    /**
     * Forgets every cached state; a backend calls it once a claim's transaction has committed: what is decided under
     * a claim is read fresh, and a claim may have recorded deployments abandoned.
     */
    final void forgetCachedStates() {
        states.clear();
    }

    // ---- releases

    @Override
    public Release recordRelease(Release candidate) {
        return write("record release " + candidate.revision(), connection -> {
            Optional<Release> recorded = LedgerTables.first(LedgerTables.releases(connection,
                    "WHERE project = ? AND component = ? AND revision = ?", candidate.project(),
                    candidate.component(), candidate.revision()));
            Release kept = Release.reconcile(recorded, candidate);
            if (recorded.isEmpty()) {
                LedgerTables.insertRelease(connection, kept);
                return LedgerTables.withMillis(kept);
            }
            return kept;
        });
    }

    @Override
    public Optional<Release> release(String project, String component, String revision) {
        return read(connection -> LedgerTables.first(LedgerTables.releases(connection,
                "WHERE project = ? AND component = ? AND revision = ?", project, component, revision)));
    }

    @Override
    public Optional<Release> releaseWithDigest(String project, String component, ImageDigest digest) {
        return read(connection -> LedgerTables.first(LedgerTables.releases(connection,
                "WHERE project = ? AND component = ? AND digest = ? ORDER BY recorded_at LIMIT 1", project, component,
                digest.value())));
    }

    @Override
    public List<Release> releases(String project, String component, int limit) {
        return read(connection -> LedgerTables.releases(connection,
                "WHERE project = ? AND component = ? ORDER BY recorded_at DESC LIMIT " + limit, project, component));
    }

    @Override
    public List<String> components(String project) {
        return read(connection -> {
            try (var statement = connection.prepareStatement(
                    "SELECT DISTINCT component FROM releases WHERE project = ? ORDER BY component")) {
                statement.setString(1, project);
                List<String> components = new java.util.ArrayList<>();
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        components.add(rows.getString(1));
                    }
                }
                return components;
            }
        });
    }

    // ---- approvals

    @Override
    public ApprovalRequest requestApproval(ApprovalRequest draft) {
        return write("request " + draft.describe(), connection -> ApprovalTables.insert(connection, draft));
    }

    @Override
    public ApprovalRequest decideApproval(long id, ApprovalDecision decision, String by, Set<String> groups,
                                          Instant at) {
        return write("decide approval #" + id, connection -> ApprovalTables.decide(connection, id, decision, by,
                groups, at));
    }

    @Override
    public Optional<ApprovalRequest> approval(long id) {
        return read(connection -> ApprovalTables.byId(connection, id));
    }

    @Override
    public List<ApprovalRequest> pendingApprovals(Optional<String> project) {
        return read(connection -> project.isPresent()
                ? ApprovalTables.select(connection, "WHERE project = ? AND decision IS NULL ORDER BY id",
                project.get())
                : ApprovalTables.select(connection, "WHERE decision IS NULL ORDER BY id"));
    }

    @Override
    public List<ApprovalRequest> approvals(String project, int limit) {
        return read(connection -> ApprovalTables.select(connection, "WHERE project = ? ORDER BY id DESC LIMIT "
                + Math.max(1, limit), project));
    }

    // ---- deployments

    @Override
    public List<Deployment> unfinishedDeployments(String buildReference) {
        return read(connection -> LedgerTables.deployments(connection,
                "WHERE d.build = ? AND d.result = 'IN_PROGRESS' ORDER BY d.id", buildReference));
    }

    @Override
    public List<Deployment> deploymentsUnderWay() {
        return read(connection -> LedgerTables.deployments(connection,
                "WHERE d.result = 'IN_PROGRESS' ORDER BY d.id"));
    }

    @Override
    public Deployment startDeployment(SlotClaim claim, Deployment draft) {
        if (!draft.slot().equals(claim.slot())) {
            throw new IllegalArgumentException("deployment of " + draft.slot() + " under a claim on " + claim.slot());
        }
        return writeUnderClaim(claim, "start deployment of " + draft.slot(), connection ->
                LedgerTables.insertDeployment(connection, draft, DeploymentResult.IN_PROGRESS, null, ""));
    }

    @Override
    public Deployment finishDeployment(SlotClaim claim, long id, DeploymentResult result, String message,
                                       Instant at) {
        if (!result.finished()) {
            throw new IllegalArgumentException("a deployment finishes as SUCCEEDED or FAILED");
        }
        Deployment finished = writeUnderClaim(claim, "finish deployment #" + id, connection ->
                LedgerTables.finishDeployment(connection, claim.slot(), id, result, message == null ? "" : message,
                        at));
        states.forget(claim.slot());
        return finished;
    }

    @Override
    public Deployment retire(SlotClaim claim, Deployment retirement) {
        if (!retirement.slot().equals(claim.slot())) {
            throw new IllegalArgumentException("a retirement of " + retirement.slot() + " under a claim on "
                    + claim.slot());
        }
        Deployment recorded = writeUnderClaim(claim, "retire " + claim.slot(), connection ->
                LedgerTables.retire(connection, retirement));
        states.forget(claim.slot());
        return recorded;
    }

    @Override
    public Optional<Deployment> deployment(long id) {
        return read(connection -> LedgerTables.deploymentById(connection, id));
    }

    @Override
    public SlotState stateOf(Slot key) {
        return read(connection -> {
            if (changedElsewhere(connection)) {
                states.clear();
            }
            if (stateLookupConnection != connection) {
                stateLookup = connection.prepareStatement(LedgerTables.STATE_LOOKUP);
                stateLookupConnection = connection;
            }
            return states.get(key, k -> LedgerTables.loadState(stateLookup, k));
        });
    }

    @Override
    public Optional<String> dataPlaneUsedBy(String environment) {
        return read(connection -> LedgerTables.dataPlaneUsedBy(connection, environment));
    }

    @Override
    public List<Deployment> history(Slot key, int limit) {
        return read(connection -> LedgerTables.deployments(connection, "WHERE d.project = ? AND d.component = ?"
                + " AND d.environment = ? ORDER BY d.id DESC LIMIT " + limit, key.project(), key.component(),
                key.environment()));
    }

    @Override
    public List<Deployment> historyOfEnvironment(String environment, int limit) {
        return read(connection -> LedgerTables.deployments(connection,
                "WHERE d.environment = ? ORDER BY d.id DESC LIMIT " + limit, environment));
    }

    @Override
    public List<Deployment> historyOfEnvironment(String environment, String project, int limit) {
        Object[] below = LedgerTables.projectAndBelowArguments(project);
        return read(connection -> LedgerTables.deployments(connection, "WHERE d.environment = ? AND "
                + LedgerTables.projectAndBelow("d.project") + " ORDER BY d.id DESC LIMIT " + limit, environment,
                below[0], below[1], below[2]));
    }

    @Override
    public List<Deployment> recentDeployments(int limit) {
        return read(connection -> LedgerTables.deployments(connection, "ORDER BY d.id DESC LIMIT " + limit));
    }

    @Override
    public List<Deployment> historyOfProject(String project, int limit) {
        return read(connection -> LedgerTables.deployments(connection, "WHERE "
                + LedgerTables.projectAndBelow("d.project") + " ORDER BY d.id DESC LIMIT " + limit,
                LedgerTables.projectAndBelowArguments(project)));
    }

    @Override
    public List<Deployment> board(Optional<String> project) {
        return read(connection -> LedgerTables.slots(connection, "JOIN deployments d ON d.id = c.current_id",
                project));
    }

    @Override
    public List<Deployment> lastAttemptsBesideTheBoard(Optional<String> project) {
        return read(connection -> LedgerTables.slots(connection, "JOIN deployments d ON d.id = c.last_attempt_id "
                + "AND (c.current_id IS NULL OR c.current_id <> c.last_attempt_id)", project));
    }
}
