package io.cdpipelines.ledger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A backend's versioned schema scripts ({@code V<n>__<what>.sql} under {@code io/cdpipelines/ledger/<backend>/},
 * listed in order in its {@code migrations} file), applied in order, each once, and recorded with a checksum in
 * {@code schema_history}. A ledger whose history holds a version this installation does not know was written by a
 * newer one and is refused; a script changed after it was applied is refused too. (A runner of this size was chosen
 * over Flyway 13, 0.87 MB with its PostgreSQL module: see docs/architecture.md.)
 */
final class SchemaMigrations {
    private static final Pattern NAME = Pattern.compile("V(\\d+)__(\\w+)\\.sql");

    /** One script: its version, what it does, its statements, and their checksum. */
    record Script(int version, String description, List<String> statements, String checksum) {
    }

    private final String backend;
    private final List<Script> scripts;

    private SchemaMigrations(String backend, List<Script> scripts) {
        this.backend = backend;
        this.scripts = scripts;
    }

    /** The scripts of {@code backend} ("sqlite", "postgresql"), as this installation ships them. */
    static SchemaMigrations of(String backend) {
        List<Script> scripts = new ArrayList<>();
        for (String name : resource(backend + "/migrations").split("\\R")) {
            if (name.isBlank()) {
                continue;
            }
            Matcher matcher = NAME.matcher(name.strip());
            if (!matcher.matches() || Integer.parseInt(matcher.group(1)) != scripts.size() + 1) {
                throw new IllegalStateException(backend + " migration " + name + " is out of order or misnamed");
            }
            String text = resource(backend + "/" + name.strip());
            scripts.add(new Script(scripts.size() + 1, matcher.group(2).replace('_', ' '), statements(text),
                    sha256(text)));
        }
        return new SchemaMigrations(backend, List.copyOf(scripts));
    }

    int latestVersion() {
        return scripts.size();
    }

    /**
     * Applies the scripts {@code connection}'s database has not had yet, inside the caller's transaction (which
     * holds the backend's lock, so that two processes opening one new ledger apply them once). Returns the versions
     * applied.
     *
     * @throws LedgerException when the ledger was written by a newer version, or a script changed after it was
     *                         applied
     */
    List<Integer> apply(Connection connection, String ledgerName, long now) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_history (version INTEGER PRIMARY KEY,"
                    + " description TEXT NOT NULL, checksum TEXT NOT NULL, applied_at BIGINT NOT NULL)");
        }
        Map<Integer, String> applied = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version, checksum FROM schema_history ORDER BY version")) {
            while (rows.next()) {
                applied.put(rows.getInt(1), rows.getString(2));
            }
        }
        int newest = applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (newest > latestVersion()) {
            throw new LedgerException("the ledger " + ledgerName + " was written by a newer version (schema " + newest
                    + ", this installation knows " + latestVersion() + "); upgrade this installation", null);
        }
        List<Integer> done = new ArrayList<>();
        for (Script script : scripts) {
            String checksum = applied.get(script.version());
            if (checksum != null) {
                if (!checksum.equals(script.checksum())) {
                    throw new LedgerException("the ledger " + ledgerName + " had " + backend + " schema script V"
                            + script.version() + " applied in another form than this installation's: install the "
                            + "release that made it", null);
                }
                continue;
            }
            try (Statement statement = connection.createStatement()) {
                for (String sql : script.statements()) {
                    statement.execute(sql);
                }
            }
            try (PreparedStatement record = connection.prepareStatement(
                    "INSERT INTO schema_history (version, description, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
                record.setInt(1, script.version());
                record.setString(2, script.description());
                record.setString(3, script.checksum());
                record.setLong(4, now);
                record.executeUpdate();
            }
            done.add(script.version());
        }
        return done;
    }

    /** The script's statements: they end with a semicolon at the end of a line; comment lines are dropped. */
    private static List<String> statements(String text) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\\R")) {
            if (line.strip().startsWith("--") || line.isBlank()) {
                continue;
            }
            current.append(line).append('\n');
            if (line.stripTrailing().endsWith(";")) {
                String sql = current.toString().strip();
                statements.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new IllegalStateException("a schema script ends without ';': " + current);
        }
        return statements;
    }

    private static String resource(String path) {
        try (InputStream in = SchemaMigrations.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("schema resource " + path + " is missing from this installation");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("schema resource " + path + " could not be read", e);
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
