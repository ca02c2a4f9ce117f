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
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server for the tests, never a mock: the one {@code CDP_TEST_POSTGRESQL_URL} names
 * ({@code jdbc:postgresql://host:port/}, user and password in {@code CDP_TEST_POSTGRESQL_USER} and
 * {@code CDP_TEST_POSTGRESQL_PASSWORD}), else a throwaway server started from the PostgreSQL binaries installed on
 * this machine (Debian's {@code postgresql} package: {@code /usr/lib/postgresql/<version>/bin}) in a temporary
 * directory, once per test JVM, stopped when the JVM ends. PostgreSQL refuses to run as root, so as root it is run
 * as the {@code postgres} user the package creates. Each test gets a database of its own.
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

    /** The server of this JVM, started on first use. */
    public static synchronized PostgresServer get() {
        if (started == null) {
            String given = System.getenv("CDP_TEST_POSTGRESQL_URL");
            started = given != null && !given.isBlank()
                    ? new PostgresServer(given.endsWith("/") ? given : given + "/",
                    System.getenv().getOrDefault("CDP_TEST_POSTGRESQL_USER", "postgres"),
                    System.getenv().getOrDefault("CDP_TEST_POSTGRESQL_PASSWORD", ""))
                    : startLocal();
        }
        return started;
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
        try (Connection admin = connect(url + "postgres"); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + url + ": " + e.getMessage(), e);
        }
        return url + name;
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
        try {
            Path directory = Files.createTempDirectory("cdp-postgresql-");
            Path data = directory.resolve("data");
            Path password = directory.resolve("password");
            Files.writeString(password, PASSWORD + "\n");
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            if (root) {
                run(List.of("chown", "-R", "postgres:postgres", directory.toString()), false);
            }
            // scram-sha-256: the tests log in with a password, as a shared ledger does
            run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-A", "scram-sha-256",
                    "--pwfile=" + password, "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"), root);
            run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-l",
                    directory.resolve("server.log").toString(), "-w", "-o", "-p " + port + " -k " + directory
                            + " -c listen_addresses=127.0.0.1 -c max_connections=300", "start"), root);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop"),
                            root);
                    try (var files = Files.walk(directory)) {
                        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                } catch (IOException | RuntimeException e) {
                    System.err.println("the test PostgreSQL server in " + directory + " did not stop: " + e);
                }
            }));
            return new PostgresServer("jdbc:postgresql://127.0.0.1:" + port + "/", USER, PASSWORD);
        } catch (IOException e) {
            throw new IllegalStateException("cannot start a test PostgreSQL server: " + e.getMessage(), e);
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
