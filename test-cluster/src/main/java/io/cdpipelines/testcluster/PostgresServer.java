package io.cdpipelines.testcluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server for the tests, never a mock: the one {@code CDP_TEST_POSTGRESQL_URL} names
 * ({@code jdbc:postgresql://host:port/}, user and password in {@code CDP_TEST_POSTGRESQL_USER} and
 * {@code CDP_TEST_POSTGRESQL_PASSWORD}), else one started from the PostgreSQL binaries installed on this machine
 * (Debian's {@code postgresql} package: {@code /usr/lib/postgresql/<version>/bin}) in
 * {@code $TMPDIR/cdp-test-postgresql}, and left running for the next test JVM (a server per JVM would outlive the
 * JVMs that are killed, and cost two seconds each). PostgreSQL refuses to run as root, so as root it runs as the
 * {@code postgres} user the package creates. Each test gets a database of its own.
 */
public final class PostgresServer {
    public static final String USER = "cdp";
    public static final String PASSWORD = "cdp-test-password";
    private static PostgresServer started;

    private final String url;
    private final String user;
    private final String password;

    private PostgresServer(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    /** The server of the tests, started when it does not run. */
    public static synchronized PostgresServer get() {
        if (started == null) {
            String given = System.getenv("CDP_TEST_POSTGRESQL_URL");
            started = given != null && !given.isBlank()
                    ? new PostgresServer(given.endsWith("/") ? given : given + "/", givenUser(), givenPassword())
                    : startLocal();
        }
        return started;
    }

    /** The user the tests log in as, without starting anything (for a process a test started). */
    public static String login() {
        return isGiven() ? givenUser() : USER;
    }

    /** The password the tests log in with, without starting anything. */
    public static String loginPassword() {
        return isGiven() ? givenPassword() : PASSWORD;
    }

    private static boolean isGiven() {
        String given = System.getenv("CDP_TEST_POSTGRESQL_URL");
        return given != null && !given.isBlank();
    }

    private static String givenUser() {
        return System.getenv().getOrDefault("CDP_TEST_POSTGRESQL_USER", "postgres");
    }

    private static String givenPassword() {
        return System.getenv().getOrDefault("CDP_TEST_POSTGRESQL_PASSWORD", "");
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    /** A new, empty database on the server; its JDBC URL. */
    public String newDatabase() {
        String name = "cdp_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        createDatabase(name);
        return url + name;
    }

    /** Database {@code name} made anew (dropped first if it is there); its JDBC URL. */
    public String freshDatabase(String name) {
        administer("DROP DATABASE IF EXISTS " + name);
        createDatabase(name);
        return url + name;
    }

    /** The JDBC URL of database {@code name}, which may or may not be there. */
    public String urlOf(String name) {
        return url + name;
    }

    private void createDatabase(String name) {
        administer("CREATE DATABASE " + name);
    }

    /** Runs {@code sql} (a statement about databases) on the server's own database. */
    private void administer(String sql) {
        try (Connection admin = connect(url + "postgres"); Statement statement = admin.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("the test PostgreSQL server " + url + " refused '" + sql + "': "
                    + e.getMessage(), e);
        }
    }

    public Connection connect(String jdbcUrl) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password);
        return DriverManager.getConnection(jdbcUrl, properties);
    }

    private static PostgresServer startLocal() {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        Path directory = Path.of(System.getProperty("java.io.tmpdir"), "cdp-test-postgresql");
        Path data = directory.resolve("data");
        try {
            Files.createDirectories(directory);
            // one JVM at a time makes or starts it; the lock file stays the starter's (root's, say)
            try (FileChannel channel = FileChannel.open(directory.resolve("lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = channel.lock()) {
                Path portFile = directory.resolve("port");
                if (!Files.exists(data.resolve("PG_VERSION"))) {
                    Path password = directory.resolve("password");
                    Files.writeString(password, PASSWORD + "\n");
                    if (root) {
                        run(List.of("chown", "postgres:postgres", directory.toString(), password.toString()), false);
                    }
                    // scram-sha-256: the tests log in with a password, as a shared ledger does
                    run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-A",
                            "scram-sha-256", "--pwfile=" + password, "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"),
                            root);
                    try (ServerSocket socket = new ServerSocket(0)) {
                        Files.writeString(portFile, Integer.toString(socket.getLocalPort()));
                    }
                }
                int port = Integer.parseInt(Files.readString(portFile).strip());
                if (!runs(bin, data, root)) {
                    try {
                        start(bin, directory, port, root);
                    } catch (IOException portTaken) {
                        // its port may have been taken meanwhile: another one, once
                        try (ServerSocket socket = new ServerSocket(0)) {
                            port = socket.getLocalPort();
                        }
                        Files.writeString(portFile, Integer.toString(port));
                        start(bin, directory, port, root);
                    }
                }
                return new PostgresServer("jdbc:postgresql://127.0.0.1:" + port + "/", USER, PASSWORD);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a test PostgreSQL server in " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    private static void start(Path bin, Path directory, int port, boolean root) throws IOException {
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", directory.resolve("data").toString(), "-l",
                directory.resolve("server.log").toString(), "-w", "-o", "-p " + port + " -k " + directory
                        + " -c listen_addresses=127.0.0.1 -c max_connections=500", "start"), root);
    }

    private static boolean runs(Path bin, Path data, boolean root) throws IOException {
        try {
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "status"), root);
            return true;
        } catch (IOException notRunning) {
            return false;
        }
    }
    /** The newest installed server's binaries. */
    private static Path binaries() {
        Path versions = Path.of("/usr/lib/postgresql");
        try (var list = Files.list(versions)) {
            return list.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                    .max(Comparator.comparingInt(v -> Integer.parseInt(v.getFileName().toString().replaceAll("\\D", "0"))))
                    .map(v -> v.resolve("bin"))
                    .orElseThrow(() -> new IOException("no server in " + versions));
        } catch (IOException e) {
            throw new IllegalStateException("the ledger tests need a PostgreSQL server: install Debian's postgresql "
                    + "package (apt-get install postgresql; .ci/run does), or name one in CDP_TEST_POSTGRESQL_URL ("
                    + e.getMessage() + ")", e);
        }
    }

    private static void run(List<String> command, boolean asPostgres) throws IOException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process process = new ProcessBuilder(full).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", full) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
