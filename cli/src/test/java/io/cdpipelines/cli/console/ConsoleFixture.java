package io.cdpipelines.cli.console;

import io.cdpipelines.config.OrganizationYaml;
import io.cdpipelines.driver.SecretValue;
import io.cdpipelines.engine.CdEngine;
import io.cdpipelines.gitops.GitOpsDriver;
import io.cdpipelines.ledger.SqliteLedger;
import io.cdpipelines.model.ImageDigest;
import io.cdpipelines.model.ImageReference;
import org.eclipse.jgit.api.Git;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;

/**
 * A console over a real ledger and a GitOps data plane on a bare repository: dev → staging → production (approval
 * by release-managers), with a staging secret whose canary value must never be answered; and raw HTTP to it, so that
 * tests can send what a browser or a client library would refuse to (a foreign Host, a broken request).
 */
final class ConsoleFixture implements AutoCloseable {
    static final String CANARY = "canary-7f3a-never-in-a-response";
    static final String ALICE_TOKEN = "alice-token-0123456789";
    static final String BOB_TOKEN = "bob-token-0123456789";

    final SqliteLedger ledger;
    final CdEngine engine;
    final ConsoleTokens tokens = new ConsoleTokens()
            .allow(ALICE_TOKEN, new ConsoleUser("alice", Set.of("developers")))
            .allow(BOB_TOKEN, new ConsoleUser("bob", Set.of("release-managers")));
    final ConsoleServer server;

    ConsoleFixture(Path work) throws Exception {
        Path fleet = work.resolve("fleet.git");
        Git.init().setBare(true).setDirectory(fleet.toFile()).setInitialBranch("main").call().close();
        var organization = OrganizationYaml.load("""
                dataPlanes:
                  - gitops: {name: fleet, repository: "%s"}
                environments:
                  - {name: dev, dataPlane: fleet}
                  - name: staging
                    dataPlane: fleet
                    configuration:
                      secrets: [{name: DB_PASSWORD, credentialsId: db}]
                  - name: production
                    dataPlane: fleet
                    production: true
                    protection: {approvalRequired: true, approvers: [release-managers]}
                pipelines:
                  - {name: standard, environments: [dev, staging, production]}
                defaultPipeline: standard
                projects:
                  - {path: shop, pipelines: [standard]}
                """.formatted(fleet));
        ledger = SqliteLedger.open(work.resolve("data"));
        engine = CdEngine.builder(organization, ledger)
                .driver(new GitOpsDriver(work.resolve("clones"), (reference, key) -> SecretValue.of(CANARY)))
                .secrets((reference, key) -> SecretValue.of(CANARY)).build();
        server = ConsoleServer.start(engine, tokens, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    void record(String revision, int seed) {
        String hex = ConsoleTokens.sha256(Integer.toString(seed));
        engine.recordRelease("shop", "cart", revision, new ImageReference("registry.example.com/shop/cart",
                ImageDigest.of("sha256:" + hex)), "ci/cart#" + seed, "ci");
    }

    String host() {
        return "127.0.0.1:" + server.port();
    }

    /** What the server answered: status and body. */
    record Answer(int status, String headers, String body) {
        /** The value of header {@code name}, whatever its case. */
        String header(String name) {
            return headers.lines().filter(line -> line.toLowerCase(java.util.Locale.ROOT)
                    .startsWith(name.toLowerCase(java.util.Locale.ROOT) + ":")).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + name + " in " + headers)).split(":", 2)[1].strip();
        }
    }

    /** Sends {@code request} as it is (CRLF line ends are added) and reads the whole answer. */
    Answer raw(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = answer.indexOf("\r\n\r\n");
            String head = end < 0 ? answer : answer.substring(0, end);
            String body = end < 0 ? "" : answer.substring(end + 4);
            int status = head.isEmpty() ? -1 : Integer.parseInt(head.split(" ")[1]);
            return new Answer(status, head, body);
        }
    }

    /** A well-formed request with {@code token} (none when null), closing the connection after the answer. */
    Answer call(String method, String path, String token, String json) throws IOException {
        String body = json == null ? "" : json;
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return raw(method + " " + path + " HTTP/1.1\nHost: " + host() + "\nConnection: close\n"
                + (token == null ? "" : "Authorization: Bearer " + token + "\n")
                + (json == null ? "" : "Content-Type: application/json\n")
                + "Content-Length: " + bytes.length + "\n\n" + body);
    }

    @Override
    public void close() {
        server.close();
        ledger.close();
    }
}
