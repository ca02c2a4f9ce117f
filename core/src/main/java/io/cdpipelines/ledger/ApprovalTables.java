package io.cdpipelines.ledger;

import io.cdpipelines.model.ApprovalDecision;
import io.cdpipelines.model.ApprovalRequest;
import io.cdpipelines.model.ImageDigest;
import io.cdpipelines.model.Slot;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The SQL of the {@code approvals} table, the same for SQLite and PostgreSQL. */
final class ApprovalTables {
    private static final String COLUMNS = "id, project, component, environment, pipeline, revision, digest, "
            + "requested_by, requested_at, decision, decided_by, decided_groups, decided_at";

    private ApprovalTables() {
    }

    static ApprovalRequest insert(Connection connection, ApprovalRequest draft) throws SQLException {
        Optional<ApprovalRequest> waiting = first(select(connection, "WHERE project = ? AND component = ? AND "
                + "environment = ? AND decision IS NULL", draft.slot().project(), draft.slot().component(),
                draft.slot().environment()));
        if (waiting.isPresent()) {
            throw new ApprovalStateException(waiting.get().describe() + " waits already: decide or withdraw it "
                    + "first");
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO approvals (project, component, "
                + "environment, pipeline, revision, digest, requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, "
                + "?)", Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, draft.slot().project());
            insert.setString(2, draft.slot().component());
            insert.setString(3, draft.slot().environment());
            insert.setString(4, draft.pipeline());
            insert.setString(5, draft.revision());
            insert.setString(6, draft.digest().value());
            insert.setString(7, draft.requestedBy());
            insert.setLong(8, draft.requestedAt().toEpochMilli());
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return byId(connection, keys.getLong(1)).orElseThrow();
            }
        }
    }

    /** Decides a waiting request; one decided already (by someone else, meanwhile) is refused, nothing changed. */
    static ApprovalRequest decide(Connection connection, long id, ApprovalDecision decision, String by,
                                  Set<String> groups, Instant at) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE approvals SET decision = ?, "
                + "decided_by = ?, decided_groups = ?, decided_at = ? WHERE id = ? AND decision IS NULL")) {
            update.setString(1, decision.name());
            update.setString(2, by);
            update.setString(3, String.join(",", new java.util.TreeSet<>(groups)));
            update.setLong(4, at.toEpochMilli());
            update.setLong(5, id);
            if (update.executeUpdate() == 0) {
                throw new ApprovalStateException(byId(connection, id).map(request -> request.describe()
                        + ": it is decided already").orElse("there is no approval #" + id));
            }
        }
        return byId(connection, id).orElseThrow();
    }

    static Optional<ApprovalRequest> byId(Connection connection, long id) throws SQLException {
        return first(select(connection, "WHERE id = ?", id));
    }

    static List<ApprovalRequest> select(Connection connection, String where, Object... arguments)
            throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS + " FROM approvals " + where)) {
            for (int i = 0; i < arguments.length; i++) {
                if (arguments[i] instanceof Long number) {
                    query.setLong(i + 1, number);
                } else if (arguments[i] == null) {
                    query.setNull(i + 1, Types.VARCHAR);
                } else {
                    query.setString(i + 1, arguments[i].toString());
                }
            }
            List<ApprovalRequest> requests = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    requests.add(row(rows));
                }
            }
            return requests;
        }
    }

    private static ApprovalRequest row(ResultSet rows) throws SQLException {
        String decision = rows.getString("decision");
        String groups = rows.getString("decided_groups");
        long decidedAt = rows.getLong("decided_at");
        boolean decided = !rows.wasNull();
        Set<String> decidedGroups = groups == null || groups.isEmpty() ? Set.of()
                : new LinkedHashSet<>(Arrays.asList(groups.split(",")));
        return new ApprovalRequest(rows.getLong("id"), new Slot(rows.getString("project"),
                rows.getString("component"), rows.getString("environment")), rows.getString("pipeline"),
                rows.getString("revision"), ImageDigest.of(rows.getString("digest")), rows.getString("requested_by"),
                Instant.ofEpochMilli(rows.getLong("requested_at")),
                Optional.ofNullable(decision).map(ApprovalDecision::valueOf), rows.getString("decided_by"),
                decidedGroups, decided ? Instant.ofEpochMilli(decidedAt) : null);
    }

    private static Optional<ApprovalRequest> first(List<ApprovalRequest> requests) {
        return requests.stream().findFirst();
    }
}
