package io.cdpipelines.cli.console;

import io.cdpipelines.model.Slot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.assertj.core.api.SoftAssertions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests a console must refuse — bad JSON, unknown fields, wrong types, oversized bodies, the wrong method, no or a
 * wrong token, a foreign Host or Origin: each gets a 4xx whose body is one JSON error in words (never a stack trace),
 * and nothing is recorded.
 */
class MalformedConsoleRequestsTest {
    private static final String OK_PROMOTE = "{\"project\":\"shop\",\"component\":\"cart\",\"to\":[\"dev\"],"
            + "\"revision\":\"r1\"}";

    @TempDir
    Path work;
    ConsoleFixture console;

    @BeforeEach
    void start() throws Exception {
        console = new ConsoleFixture(work);
        console.record("r1", 1);
    }

    @AfterEach
    void stop() {
        console.close();
    }

    /** One malformed request and what its refusal must say. */
    record Case(String name, String request, int status, String says) {
    }

    private String post(String path, String headers, String body) {
        return "POST " + path + " HTTP/1.1\nHost: " + console.host() + "\nConnection: close\n" + headers
                + "Content-Length: " + body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + "\n\n" + body;
    }

    private String promote(String body) {
        return post("/api/v1/promote", "Authorization: Bearer " + ConsoleFixture.ALICE_TOKEN
                + "\nContent-Type: application/json\n", body);
    }

    private String rollback(String body) {
        return post("/api/v1/rollback", "Authorization: Bearer " + ConsoleFixture.ALICE_TOKEN
                + "\nContent-Type: application/json\n", body);
    }

    private String preview(String body) {
        return post("/api/v1/preview", "Authorization: Bearer " + ConsoleFixture.ALICE_TOKEN
                + "\nContent-Type: application/json\n", body);
    }

    private String get(String path, String headers) {
        return "GET " + path + " HTTP/1.1\nHost: " + console.host() + "\nConnection: close\n" + headers + "\n";
    }

    private List<Case> corpus() {
        String alice = "Authorization: Bearer " + ConsoleFixture.ALICE_TOKEN + "\n";
        String json = "Content-Type: application/json\n";
        List<Case> cases = new ArrayList<>();
        // authentication
        cases.add(new Case("no token", get("/api/v1/view?project=shop", ""), 401, "sign in"));
        cases.add(new Case("wrong token", get("/api/v1/view?project=shop", "Authorization: Bearer nope\n"), 401,
                "is not one the console knows"));
        cases.add(new Case("basic auth", get("/api/v1/me", "Authorization: Basic YWxpY2U6eA==\n"), 401,
                "must be 'Bearer TOKEN'"));
        cases.add(new Case("empty bearer", get("/api/v1/me", "Authorization: Bearer \n"), 401,
                "must be 'Bearer TOKEN'"));
        cases.add(new Case("forged cookie", get("/api/v1/me", "Cookie: cdp-console=forged\n"), 401, "sign in"));
        cases.add(new Case("token as cookie", get("/api/v1/me", "Cookie: cdp-console=" + ConsoleFixture.ALICE_TOKEN
                + "\n"), 401, "sign in"));
        cases.add(new Case("wrong sign-in token", get("/?token=wrong", ""), 401, "opens no session"));
        cases.add(new Case("empty sign-in token", get("/?token=", ""), 401, "opens no session"));
        cases.add(new Case("promote without token", post("/api/v1/promote", json, OK_PROMOTE), 401, "sign in"));
        // the Host header and the origin
        cases.add(new Case("foreign host", get("/api/v1/me", alice).replace("Host: " + console.host(),
                "Host: evil.example"), 421, "not to Host 'evil.example'"));
        cases.add(new Case("rebound host", get("/api/v1/me", alice).replace("Host: " + console.host(),
                "Host: 127.0.0.1.nip.io:" + console.server.port()), 421, "open the address it printed"));
        cases.add(new Case("other port", get("/api/v1/me", alice).replace("Host: " + console.host(),
                "Host: 127.0.0.1:1"), 421, "not to Host"));
        cases.add(new Case("no host", get("/api/v1/me", alice).replace("Host: " + console.host() + "\n", ""), 421,
                "not to Host ''"));
        cases.add(new Case("foreign origin", post("/api/v1/promote", alice + json + "Origin: https://evil.example\n",
                OK_PROMOTE), 403, "not from https://evil.example"));
        cases.add(new Case("null origin", post("/api/v1/promote", alice + json + "Origin: null\n", OK_PROMOTE), 403,
                "only from this console's own pages"));
        cases.add(new Case("https origin", post("/api/v1/promote", alice + json + "Origin: https://"
                + console.host() + "\n", OK_PROMOTE), 403, "own pages"));
        // methods and routes
        cases.add(new Case("GET promote", get("/api/v1/promote", alice), 405, "takes POST, not GET"));
        cases.add(new Case("GET rollback", get("/api/v1/rollback", alice), 405, "takes POST"));
        cases.add(new Case("GET preview", get("/api/v1/preview", alice), 405, "takes POST"));
        cases.add(new Case("POST view", post("/api/v1/view?project=shop", alice + json, "{}"), 405,
                "takes GET, not POST"));
        cases.add(new Case("PUT promote", promote(OK_PROMOTE).replace("POST /api", "PUT /api"), 405, "not PUT"));
        cases.add(new Case("DELETE me", get("/api/v1/me", alice).replace("GET /api", "DELETE /api"), 405,
                "not DELETE"));
        cases.add(new Case("unknown endpoint", get("/api/v1/deploy", alice), 404, "no such page or endpoint"));
        cases.add(new Case("unknown version", get("/api/v2/view?project=shop", alice), 404, "under /api/v1"));
        cases.add(new Case("empty project", get("/api/v1/view?project=", alice), 400, "field 'project' is missing"));
        cases.add(new Case("view without project", get("/api/v1/view", alice), 400, "field 'project'"));
        cases.add(new Case("view of unknown pipeline", get("/api/v1/view?project=shop&pipeline=nightly", alice), 400,
                "'nightly' is not attached to project shop"));
        cases.add(new Case("view with control character", get("/api/v1/view?project=sh%0Aop", alice), 400,
                "control character"));
        // the body's form
        cases.add(new Case("no content type", post("/api/v1/promote", alice, OK_PROMOTE), 415, "Content-Type"));
        cases.add(new Case("form content type", post("/api/v1/promote", alice
                + "Content-Type: application/x-www-form-urlencoded\n", "project=shop"), 415, "as JSON"));
        cases.add(new Case("text content type", post("/api/v1/promote", alice + "Content-Type: text/plain\n",
                OK_PROMOTE), 415, "application/json"));
        cases.add(new Case("empty body", promote(""), 400, "the body is empty"));
        cases.add(new Case("blank body", promote("   "), 400, "the body is empty"));
        cases.add(new Case("array body", promote("[1,2]"), 400, "not a JSON object"));
        cases.add(new Case("string body", promote("\"promote\""), 400, "not a JSON object"));
        cases.add(new Case("truncated JSON", promote("{\"project\":\"shop\""), 400, "not valid JSON"));
        cases.add(new Case("trailing garbage", promote(OK_PROMOTE + "x"), 400, "not valid JSON"));
        cases.add(new Case("two objects", promote(OK_PROMOTE + OK_PROMOTE), 400, "more than one JSON value"));
        cases.add(new Case("single quotes", promote("{'project':'shop'}"), 400, "not valid JSON"));
        cases.add(new Case("comment", promote("{/* x */\"project\":\"shop\"}"), 400, "not valid JSON"));
        cases.add(new Case("oversized body", promote("{\"project\":\"" + "x".repeat(io.cdpipelines.deploy.DeployRequests.MAX_BYTES)
                + "\"}"), 413, "larger than 16384 bytes"));
        // fields
        cases.add(new Case("unknown field", promote("{\"project\":\"shop\",\"component\":\"cart\",\"to\":[\"dev\"],"
                + "\"force\":true}"), 400, "unknown field 'force': the fields are project, component, to"));
        cases.add(new Case("approvedBy smuggled", promote("{\"project\":\"shop\",\"component\":\"cart\","
                + "\"to\":[\"production\"],\"approvedBy\":\"bob\"}"), 400, "unknown field 'approvedBy'"));
        cases.add(new Case("requestedBy smuggled", promote("{\"project\":\"shop\",\"component\":\"cart\","
                + "\"to\":[\"dev\"],\"requestedBy\":\"bob\"}"), 400, "unknown field 'requestedBy'"));
        cases.add(new Case("to as a string", promote("{\"project\":\"shop\",\"component\":\"cart\",\"to\":\"dev\"}"),
                400, "field 'to' has the wrong type"));
        cases.add(new Case("to of numbers", promote("{\"project\":\"shop\",\"component\":\"cart\",\"to\":[1]}"), 400,
                "has the wrong type"));
        cases.add(new Case("project as number", promote("{\"project\":5,\"component\":\"cart\",\"to\":[\"dev\"]}"),
                400, "field 'project' has the wrong type"));
        cases.add(new Case("project as object", promote("{\"project\":{},\"component\":\"cart\",\"to\":[\"dev\"]}"),
                400, "field 'project' has the wrong type"));
        cases.add(new Case("no project", promote("{\"component\":\"cart\",\"to\":[\"dev\"]}"), 400,
                "field 'project' is missing"));
        cases.add(new Case("blank component", promote("{\"project\":\"shop\",\"component\":\" \",\"to\":[\"dev\"]}"),
                400, "field 'component' is missing or empty"));
        cases.add(new Case("no to", promote("{\"project\":\"shop\",\"component\":\"cart\"}"), 400,
                "field 'to' is missing or empty"));
        cases.add(new Case("empty to", promote("{\"project\":\"shop\",\"component\":\"cart\",\"to\":[]}"), 400,
                "field 'to' is missing or empty"));
        cases.add(new Case("same target twice", promote("{\"project\":\"shop\",\"component\":\"cart\","
                + "\"to\":[\"dev\",\"dev\"]}"), 400, "names an environment twice"));
        cases.add(new Case("blank target", promote("{\"project\":\"shop\",\"component\":\"cart\",\"to\":[\"\"]}"),
                400, "field 'to' is missing or empty"));
        cases.add(new Case("unknown environment", promote("{\"project\":\"shop\",\"component\":\"cart\","
                + "\"to\":[\"qa\"],\"revision\":\"r1\"}"), 400, "qa"));
        cases.add(new Case("bad digest", promote("{\"project\":\"shop\",\"component\":\"cart\",\"to\":[\"dev\"],"
                + "\"digest\":\"latest\"}"), 400, "digest"));
        cases.add(new Case("unknown component", promote("{\"project\":\"shop\",\"component\":\"Cart_1\","
                + "\"to\":[\"dev\"],\"revision\":\"r1\"}"), 409, "no release of shop/Cart_1"));
        cases.add(new Case("revision with newline", promote("{\"project\":\"shop\",\"component\":\"cart\","
                + "\"to\":[\"dev\"],\"revision\":\"r1\\nApproved-by: bob\"}"), 400, "control character"));
        cases.add(new Case("unknown revision", promote("{\"project\":\"shop\",\"component\":\"cart\","
                + "\"to\":[\"dev\"],\"revision\":\"r9\"}"), 409, "no release of shop/cart is recorded for revision r9"));
        cases.add(new Case("skipping an environment", promote("{\"project\":\"shop\",\"component\":\"cart\","
                + "\"to\":[\"production\"],\"from\":\"dev\"}"), 409, "production"));
        cases.add(new Case("preview to a list", preview("{\"project\":\"shop\",\"component\":\"cart\","
                + "\"to\":[\"dev\"]}"), 400, "field 'to' has the wrong type"));
        cases.add(new Case("preview without to", preview("{\"project\":\"shop\",\"component\":\"cart\"}"), 400,
                "field 'to' is missing"));
        cases.add(new Case("rollback to a string", rollback("{\"project\":\"shop\",\"component\":\"cart\","
                + "\"environment\":\"dev\",\"to\":\"3\"}"), 400, "field 'to' has the wrong type"));
        cases.add(new Case("rollback to a fraction", rollback("{\"project\":\"shop\",\"component\":\"cart\","
                + "\"environment\":\"dev\",\"to\":1.5}"), 400, "field 'to' has the wrong type"));
        cases.add(new Case("rollback of unknown environment", rollback("{\"project\":\"shop\",\"component\":\"cart\","
                + "\"environment\":\"qa\"}"), 400, "qa"));
        cases.add(new Case("rollback of nothing", rollback("{\"project\":\"shop\",\"component\":\"cart\","
                + "\"environment\":\"dev\"}"), 409, "dev"));
        cases.add(new Case("rollback without environment", rollback("{\"project\":\"shop\",\"component\":\"cart\"}"),
                400, "field 'environment' is missing"));
        String approve = "/api/v1/approvals/approve";
        cases.add(new Case("approve without id", post(approve, alice + json, "{}"), 400, "field 'id' is missing"));
        cases.add(new Case("approve id as text", post(approve, alice + json, "{\"id\":\"1\"}"), 400,
                "field 'id' has the wrong type"));
        cases.add(new Case("approve unknown id", post(approve, alice + json, "{\"id\":99}"), 400,
                "there is no approval #99"));
        cases.add(new Case("approve with a decision smuggled", post(approve, alice + json,
                "{\"id\":1,\"by\":\"bob\"}"), 400, "unknown field 'by': the fields are id"));
        cases.add(new Case("GET approve", get(approve, alice), 405, "takes POST"));
        cases.add(new Case("approvals without project", get("/api/v1/approvals", alice), 400, "field 'project'"));
        cases.add(new Case("request approval of an unprotected environment", post("/api/v1/approvals/request",
                alice + json, "{\"project\":\"shop\",\"component\":\"cart\",\"to\":\"dev\",\"revision\":\"r1\"}"),
                400, "dev requires no approval: promote to it instead"));
        cases.add(new Case("request approval before staging runs it", post("/api/v1/approvals/request",
                alice + json, "{\"project\":\"shop\",\"component\":\"cart\",\"to\":\"production\"}"), 409,
                "production"));
        return cases;
    }

    @Test
    void eachIsRefusedInWordsWithA4xxAndNothingIsRecorded() throws Exception {
        List<Case> corpus = corpus();
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(50);
        SoftAssertions each = new SoftAssertions();
        for (Case c : corpus) {
            ConsoleFixture.Answer answer = console.raw(c.request());
            each.assertThat(answer.status()).as("%s: %s", c.name(), answer.body()).isEqualTo(c.status());
            each.assertThat(answer.body()).as(c.name()).startsWith("{\"error\":\"").contains(c.says())
                    .doesNotContain("Exception").doesNotContain("\\tat ").doesNotContain(ConsoleFixture.CANARY);
            each.assertThat(answer.headers()).as(c.name()).containsIgnoringCase("Content-Type: application/json");
        }
        each.assertAll();
        for (String environment : List.of("dev", "staging", "production")) {
            assertThat(console.ledger.history(new Slot("shop", "cart", environment), 5)).as(environment).isEmpty();
        }
        assertThat(console.ledger.releases("shop", "cart", 10)).hasSize(1);
        assertThat(console.ledger.pendingApprovals(java.util.Optional.empty())).isEmpty();
    }
}
