package io.cdpipelines.cli.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.cdpipelines.deploy.Actor;
import io.cdpipelines.deploy.DeployActions;
import io.cdpipelines.deploy.DeployRequestException;
import io.cdpipelines.deploy.DeployRequests;
import io.cdpipelines.driver.DataPlaneUnreachableException;
import io.cdpipelines.engine.CdEngine;
import io.cdpipelines.ledger.LedgerException;
import io.cdpipelines.model.ApprovalDecision;
import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.RuleViolationException;
import io.cdpipelines.view.ViewJson;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code cdp console}'s web server, the JDK's own ({@code com.sun.net.httpserver}): the deploy view's JSON API over
 * the workspace's engine. Every request is authenticated (a token, or the session cookie a token opened), its Host
 * header must name this server (so a page elsewhere cannot reach it through DNS rebinding), and every action is a
 * POST of JSON from this origin (so another site's form cannot send one).
 */
public final class ConsoleServer implements AutoCloseable {
    private static final Logger LOGGER = Logger.getLogger(ConsoleServer.class.getName());
    static final String COOKIE = "cdp-console";
    private static final int THREADS = 4;
    /** How often the console takes over the slots of dead processes (within 30 s of their death, as promised). */
    static final java.time.Duration RESTORE_EVERY = java.time.Duration.ofSeconds(10);
    private static final Map<String, String> ASSETS = Map.of("deploy-view.js", "text/javascript; charset=utf-8",
            "deploy-view.css", "text/css; charset=utf-8");

    private final HttpServer server;
    private final ExecutorService executor;
    private final DeployActions api;
    private final ConsoleTokens tokens;
    private final Set<String> hosts;
    private final java.util.concurrent.ScheduledExecutorService restorer;

    private ConsoleServer(HttpServer server, ExecutorService executor, DeployActions api, ConsoleTokens tokens,
                          Set<String> hosts, java.util.concurrent.ScheduledExecutorService restorer) {
        this.server = server;
        this.executor = executor;
        this.restorer = restorer;
        this.api = api;
        this.tokens = tokens;
        this.hosts = hosts;
    }

    /** Starts serving {@code engine} on {@code address} (port 0: any free port). */
    public static ConsoleServer start(CdEngine engine, ConsoleTokens tokens, InetSocketAddress address)
            throws IOException {
        HttpServer server = HttpServer.create(address, 0);
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, runnable -> {
            Thread thread = new Thread(runnable, "cdp-console");
            thread.setDaemon(true);
            return thread;
        });
        int port = server.getAddress().getPort();
        String host = address.getHostString();
        Set<String> hosts = address.getAddress() != null && address.getAddress().isLoopbackAddress()
                ? Set.of("localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port)
                : Set.of(host + ":" + port);
        // a console keeps running: the slots that killed processes left are made whole again without waiting for
        // their next promotion
        java.util.concurrent.ScheduledExecutorService restorer = Executors.newSingleThreadScheduledExecutor(
                runnable -> {
                    Thread thread = new Thread(runnable, "cdp-console-restore");
                    thread.setDaemon(true);
                    return thread;
                });
        restorer.scheduleWithFixedDelay(() -> restoreAbandoned(engine), RESTORE_EVERY.toSeconds(),
                RESTORE_EVERY.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        ConsoleServer console = new ConsoleServer(server, executor, new DeployActions(engine), tokens, hosts,
                restorer);
        server.createContext("/", console::handle);
        server.setExecutor(executor);
        server.start();
        return console;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The address to open, with the token that signs the browser in. */
    public URI url(String token) {
        String host = hosts.contains("localhost:" + port()) ? "127.0.0.1:" + port() : hosts.iterator().next();
        return URI.create("http://" + host + "/?token=" + token);
    }

    @Override
    public void close() {
        restorer.shutdownNow();
        server.stop(0);
        executor.shutdownNow();
    }

    private static void restoreAbandoned(CdEngine engine) {
        try {
            engine.restoreAbandoned(line -> LOGGER.info(() -> "cdp console: " + line));
        } catch (RuntimeException e) {
            // a ledger or data plane that cannot be reached now: the next round tries again
            LOGGER.log(Level.WARNING, "cdp console could not restore abandoned slots: " + e.getMessage());
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
            exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'; style-src 'self' "
                    + "'unsafe-inline'; frame-ancestors 'none'");
            try {
                route(exchange);
            } catch (HttpProblem problem) {
                error(exchange, problem.status(), problem.getMessage());
            } catch (DeployRequestException refused) {
                error(exchange, refused.status(), refused.getMessage());
            } catch (InvalidInputException e) {
                error(exchange, 400, e.getMessage());
            } catch (RuleViolationException e) { // a refusal by a rule, or a busy slot
                error(exchange, 409, e.getMessage());
            } catch (LedgerException | DataPlaneUnreachableException e) {
                error(exchange, 503, e.getMessage());
            } catch (RuntimeException e) {
                // words for the user; the trace only to the console's own log
                LOGGER.log(Level.WARNING, "console request " + exchange.getRequestURI().getPath() + " failed", e);
                error(exchange, 500, "the console failed on this request (" + e.getClass().getSimpleName()
                        + "); its log says more");
            }
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        String host = Optional.ofNullable(exchange.getRequestHeaders().getFirst("Host")).orElse("");
        if (!hosts.contains(host.toLowerCase(Locale.ROOT))) {
            throw new HttpProblem(421, "this console answers to " + String.join(", ", hosts.stream().sorted()
                    .toList()) + ", not to Host '" + host + "': open the address it printed");
        }
        String path = exchange.getRequestURI().getRawPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        if (path.equals("/") && query.containsKey("token")) {
            signIn(exchange, query.get("token"));
            return;
        }
        ConsoleUser signedIn = authenticated(exchange);
        Actor user = new Actor(signedIn.name(), signedIn.groups());
        if (path.startsWith("/static/")) {
            asset(exchange, path.substring("/static/".length()));
            return;
        }
        switch (path) {
            case "/" -> page(exchange, signedIn, query.get("project"));
            case "/api/v1/me" -> json(exchange, "GET", () -> api.me(user));
            case "/api/v1/projects" -> json(exchange, "GET", api::projects);
            case "/api/v1/view" -> json(exchange, "GET", () -> api.view(query.get("project"), query.get("pipeline")));
            case "/api/v1/preview" -> json(exchange, "POST", () -> api.preview(body(exchange,
                    DeployRequests.Preview.class), user));
            case "/api/v1/promote" -> json(exchange, "POST", () -> api.promote(body(exchange,
                    DeployRequests.Promote.class), user));
            case "/api/v1/rollback" -> json(exchange, "POST", () -> api.rollback(body(exchange,
                    DeployRequests.Rollback.class), user));
            case "/api/v1/approvals" -> json(exchange, "GET", () -> api.approvals(query.get("project"), user));
            case "/api/v1/history" -> json(exchange, "GET", () -> api.history(query.get("project"),
                    query.get("component"), query.get("environment")));
            case "/api/v1/drift" -> json(exchange, "GET", () -> api.drift(query.get("project"),
                    query.get("component"), query.get("environment")));
            case "/api/v1/approvals/request" -> json(exchange, "POST", () -> api.requestApproval(body(exchange,
                    DeployRequests.ApprovalRequest.class), user));
            case "/api/v1/approvals/approve" -> decide(exchange, ApprovalDecision.APPROVED, user);
            case "/api/v1/approvals/reject" -> decide(exchange, ApprovalDecision.REJECTED, user);
            case "/api/v1/approvals/withdraw" -> decide(exchange, ApprovalDecision.WITHDRAWN, user);
            default -> throw new HttpProblem(404, "no such page or endpoint: " + path + " (the API is under /api/v1:"
                    + " me, projects, view, preview, promote, rollback, history, drift, approvals)");
        }
    }

    private void decide(HttpExchange exchange, ApprovalDecision decision, Actor user) throws IOException {
        json(exchange, "POST", () -> api.decide(body(exchange, DeployRequests.ApprovalDecision.class), decision,
                user));
    }

    /** Opens a session for the URL's token and sends the browser on without the token in its address bar. */
    private void signIn(HttpExchange exchange, String token) throws IOException {
        ConsoleUser user = tokens.userOf(token).orElseThrow(() -> new HttpProblem(401, "this token opens no "
                + "session: open the address cdp console printed at start, or ask for a token of the users file"));
        exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + tokens.openSession(user)
                + "; Path=/; HttpOnly; SameSite=Strict");
        exchange.getResponseHeaders().set("Location", "/");
        exchange.sendResponseHeaders(303, -1);
    }

    private ConsoleUser authenticated(HttpExchange exchange) {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null) {
            if (!authorization.startsWith("Bearer ")) {
                throw new HttpProblem(401, "the Authorization header must be 'Bearer TOKEN'");
            }
            return tokens.userOf(authorization.substring("Bearer ".length()).strip()).orElseThrow(
                    () -> new HttpProblem(401, "this token is not one the console knows: use the token it printed, "
                            + "or one of its users file"));
        }
        return cookie(exchange).flatMap(tokens::sessionUser).orElseThrow(() -> new HttpProblem(401, "sign in: "
                + "open the address cdp console printed (it holds a token), or send Authorization: Bearer TOKEN"));
    }

    private static Optional<String> cookie(HttpExchange exchange) {
        List<String> headers = exchange.getRequestHeaders().getOrDefault("Cookie", List.of());
        for (String header : headers) {
            for (String pair : header.split(";")) {
                String[] nameValue = pair.strip().split("=", 2);
                if (nameValue.length == 2 && nameValue[0].equals(COOKIE)) {
                    return Optional.of(nameValue[1]);
                }
            }
        }
        return Optional.empty();
    }

    private <T extends Record> T body(HttpExchange exchange, Class<T> type) {
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        String host = exchange.getRequestHeaders().getFirst("Host");
        if (origin != null && !origin.equalsIgnoreCase("http://" + host)) {
            throw new HttpProblem(403, "an action may come only from this console's own pages, not from " + origin);
        }
        try {
            return DeployRequests.read(exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestBody(), type);
        } catch (IOException e) {
            throw new HttpProblem(400, "the body could not be read: " + e.getMessage());
        }
    }

    /** Answers a call of {@code method} with its result as JSON; a GET with an ETag, so that polling is cheap. */
    private void json(HttpExchange exchange, String method, java.util.function.Supplier<Object> call)
            throws IOException {
        if (!exchange.getRequestMethod().equals(method)) {
            exchange.getResponseHeaders().set("Allow", method);
            throw new HttpProblem(405, exchange.getRequestURI().getPath() + " takes " + method + ", not "
                    + exchange.getRequestMethod());
        }
        String json = ViewJson.write(call.get());
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        if (method.equals("GET")) {
            String etag = ViewJson.etag(json);
            exchange.getResponseHeaders().set("ETag", etag);
            if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                exchange.sendResponseHeaders(304, -1);
                return;
            }
        }
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    private void page(HttpExchange exchange, ConsoleUser user, String project) throws IOException {
        if (!exchange.getRequestMethod().equals("GET")) {
            throw new HttpProblem(405, "/ takes GET");
        }
        List<String> projects = api.projects();
        String shown = project != null && !project.isBlank() ? project : projects.isEmpty() ? null : projects.get(0);
        byte[] body = ConsolePage.html(user, projects, shown).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
    }

    /** The deploy view's bundle, from the console module's classpath folder; nothing else is served from there. */
    private static void asset(HttpExchange exchange, String name) throws IOException {
        if (!exchange.getRequestMethod().equals("GET")) {
            throw new HttpProblem(405, "/static/ takes GET");
        }
        String type = ASSETS.get(name);
        if (type == null) {
            throw new HttpProblem(404, "no such file: /static/" + name);
        }
        try (var in = ConsoleServer.class.getResourceAsStream("/io/cdpipelines/console/static/" + name)) {
            if (in == null) {
                throw new HttpProblem(404, "/static/" + name + " is not in this build (the console module was not "
                        + "built)");
            }
            byte[] body = in.readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        byte[] body = ViewJson.write(Map.of("error", message)).getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            String[] nameValue = pair.split("=", 2);
            try {
                values.put(URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8),
                        nameValue.length == 2 ? URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8) : "");
            } catch (IllegalArgumentException e) {
                throw new HttpProblem(400, "the query '" + raw + "' is not URL-encoded: encode its values");
            }
        }
        return values;
    }
}
