package io.cdpipelines.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves a ledger into another, empty one (the embedded SQLite ledger into a shared PostgreSQL database): every release,
 * deployment (with its number) and slot state is copied in one transaction of the target, then counted on both
 * sides; a difference undoes nothing because nothing was committed. A ledger with a deployment under way is not
 * moved: it would be finished in the old one.
 */
public final class LedgerMigration {
    /** The tables that hold the record, in the order they are copied, with the columns of each. */
    private static final Map<String, String> TABLES = tables();

    private LedgerMigration() {
    }

    private static Map<String, String> tables() {
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("releases", "project, component, revision, repository, digest, build, recorded_at, recorded_by, "
                + "workload");
        tables.put("deployments", "id, project, component, environment, data_plane, pipeline, source, revision, "
                + "repository, digest, kind, restores, configuration, result, trigger_kind, requested_by, "
                + "approved_by, build, started_at, finished_at, message");
        tables.put("current", "project, component, environment, current_id, last_attempt_id");
        tables.put("approvals", "id, project, component, environment, pipeline, revision, digest, requested_by, "
                + "requested_at, decision, decided_by, decided_groups, decided_at");
        return tables;
    }

    /** How many rows of each table were moved. */
    public record Report(Map<String, Long> rows) {
    }

    /**
     * Copies {@code from} into {@code to}.
     *
     * @throws LedgerException when the target holds a record already, a deployment is under way, or the counts differ
     */
    public static Report copy(Ledger from, Ledger to, String fromName, String toName) {
        if (!(from instanceof JdbcLedger source) || !(to instanceof JdbcLedger target)) {
            throw new IllegalArgumentException("only ledgers over SQL tables can be moved");
        }
        Map<String, List<Object[]>> rows = source.read(connection -> {
            if (count(connection, "deployments WHERE result = 'IN_PROGRESS'") > 0) {
                throw new LedgerException("a deployment is under way in " + fromName + ": let it finish (or resume "
                        + "it), then move the ledger", null);
            }
            Map<String, List<Object[]>> all = new LinkedHashMap<>();
            for (Map.Entry<String, String> table : TABLES.entrySet()) {
                all.put(table.getKey(), select(connection, table.getKey(), table.getValue()));
            }
            return all;
        });
        Map<String, Long> moved = target.write("take the ledger of " + fromName, connection -> {
            for (String table : TABLES.keySet()) {
                if (count(connection, table) > 0) {
                    throw new LedgerException("the ledger " + toName + " holds records already (" + table + "): "
                            + "move a ledger only into an empty one", null);
                }
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            for (Map.Entry<String, String> table : TABLES.entrySet()) {
                insert(connection, table.getKey(), table.getValue(), rows.get(table.getKey()));
                long copied = count(connection, table.getKey());
                if (copied != rows.get(table.getKey()).size()) {
                    throw new LedgerException(table.getKey() + " of " + fromName + " holds "
                            + rows.get(table.getKey()).size() + " rows but " + copied + " arrived in " + toName
                            + ": nothing was moved", null);
                }
                counts.put(table.getKey(), copied);
            }
            continueNumbering(connection);
            return counts;
        });
        return new Report(moved);
    }

    private static long count(Connection connection, String tableAndCondition) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT count(*) FROM " + tableAndCondition)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static List<Object[]> select(Connection connection, String table, String columns) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT " + columns + " FROM " + table)) {
            ResultSetMetaData meta = result.getMetaData();
            while (result.next()) {
                Object[] row = new Object[meta.getColumnCount()];
                for (int i = 0; i < row.length; i++) {
                    Object value = result.getObject(i + 1);
                    // SQLite hands back Integer for small INTEGER values; every number column is a BIGINT
                    row[i] = value instanceof Integer small ? Long.valueOf(small) : value;
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static void insert(Connection connection, String table, String columns, List<Object[]> rows)
            throws SQLException {
        String marks = String.join(", ", java.util.Collections.nCopies(columns.split(",").length, "?"));
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + table + " (" + columns
                + ") VALUES (" + marks + ")")) {
            int batched = 0;
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    insert.setObject(i + 1, row[i]);
                }
                insert.addBatch();
                if (++batched % 1000 == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
    }

    /** New deployments and approvals continue after the moved numbers (PostgreSQL's identity does not see explicit ids). */
    private static void continueNumbering(Connection connection) throws SQLException {
        if (!connection.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT)
                .contains("postgres")) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            for (String table : new String[] {"deployments", "approvals"}) {
                statement.execute("SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), greatest((SELECT "
                        + "max(id) FROM " + table + "), 1), (SELECT count(*) > 0 FROM " + table + "))");
            }
        }
    }
}
