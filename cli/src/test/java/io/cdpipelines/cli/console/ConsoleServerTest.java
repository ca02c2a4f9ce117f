package io.cdpipelines.cli.console;

import io.cdpipelines.model.Slot;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The console's API end to end over raw HTTP: sign-in, the deploy view, and each action as the acting user. */
class ConsoleServerTest {
    @TempDir
    Path work;
    ConsoleFixture console;

    @BeforeEach
    void start() throws Exception {
        console = new ConsoleFixture(work);
    }

    @AfterEach
    void stop() {
        console.close();
    }

    @Test
    void theTokenInTheAddressOpensASessionAndLeavesTheAddressBar() throws Exception {
        ConsoleFixture.Answer signIn = console.raw("GET /?token=" + ConsoleFixture.ALICE_TOKEN + " HTTP/1.1\nHost: "
                + console.host() + "\nConnection: close\n\n");
        assertThat(signIn.status()).isEqualTo(303);
        assertThat(signIn.headers()).containsIgnoringCase("Location: /").contains("HttpOnly")
                .contains("SameSite=Strict").containsIgnoringCase("Referrer-Policy: no-referrer");
        String cookie = signIn.header("Set-Cookie").split(";")[0].strip();
        ConsoleFixture.Answer me = console.raw("GET /api/v1/me HTTP/1.1\nHost: " + console.host()
                + "\nCookie: " + cookie + "\nConnection: close\n\n");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body()).isEqualTo("{\"user\":\"alice\",\"groups\":[\"developers\"]}");
        ConsoleFixture.Answer page = console.raw("GET / HTTP/1.1\nHost: " + console.host() + "\nCookie: " + cookie
                + "\nConnection: close\n\n");
        assertThat(page.body()).contains("<span class=\"cdp-user\">alice</span>")
                .contains("<div id=\"cdp-deploy-view\" data-api=\"/api/v1\" data-project=\"shop\">")
                .contains("<script type=\"module\" src=\"/static/deploy-view.js\">");
        ConsoleFixture.Answer bundle = console.raw("GET /static/deploy-view.js HTTP/1.1\nHost: " + console.host()
                + "\nCookie: " + cookie + "\nConnection: close\n\n");
        assertThat(bundle.status()).isEqualTo(200);
        assertThat(bundle.header("Content-Type")).startsWith("text/javascript");
        assertThat(bundle.body()).contains("cdp-deploy-view");
        assertThat(console.raw("GET /static/../ledger.db HTTP/1.1\nHost: " + console.host() + "\nCookie: " + cookie
                + "\nConnection: close\n\n").status()).isEqualTo(404);
    }

    @Test
    void theViewIsAnsweredWithAnETagAndPromotionsGoAsTheActingUser() throws Exception {
        console.record("r1", 1);
        ConsoleFixture.Answer view = console.call("GET", "/api/v1/view?project=shop", ConsoleFixture.ALICE_TOKEN,
                null);
        assertThat(view.status()).isEqualTo(200);
        assertThat(view.body()).contains("\"pipeline\":\"standard\"").contains("\"status\":\"READY\"");
        String etag = view.header("ETag");
        ConsoleFixture.Answer unchanged = console.raw("GET /api/v1/view?project=shop HTTP/1.1\nHost: "
                + console.host() + "\nAuthorization: Bearer " + ConsoleFixture.ALICE_TOKEN + "\nIf-None-Match: "
                + etag + "\nConnection: close\n\n");
        assertThat(unchanged.status()).isEqualTo(304);

        assertThat(console.call("POST", "/api/v1/promote", ConsoleFixture.ALICE_TOKEN,
                "{\"project\":\"shop\",\"component\":\"cart\",\"to\":[\"dev\"],\"revision\":\"r1\"}").status())
                .isEqualTo(200);
        // the preview comes first: what would change, and no secret's value
        ConsoleFixture.Answer preview = console.call("POST", "/api/v1/preview", ConsoleFixture.ALICE_TOKEN,
                "{\"project\":\"shop\",\"component\":\"cart\",\"to\":\"staging\"}");
        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.body()).contains("\"source\":\"dev\"").contains("secret DB_PASSWORD")
                .doesNotContain(ConsoleFixture.CANARY);
        ConsoleFixture.Answer promoted = console.call("POST", "/api/v1/promote", ConsoleFixture.ALICE_TOKEN,
                "{\"project\":\"shop\",\"component\":\"cart\",\"to\":[\"staging\"]}");
        assertThat(promoted.status()).isEqualTo(200);
        assertThat(promoted.body()).contains("\"result\":\"SUCCEEDED\"").contains("\"requestedBy\":\"alice\"")
                .contains("\"trigger\":\"MANUAL\"").doesNotContain(ConsoleFixture.CANARY);
        assertThat(console.ledger.current(new Slot("shop", "cart", "staging")).orElseThrow().requestedBy())
                .isEqualTo("alice");

        // the slot's history, and drift on demand
        assertThat(console.call("GET", "/api/v1/history?project=shop&component=cart&environment=staging",
                ConsoleFixture.ALICE_TOKEN, null).body()).startsWith("[{\"number\":2,");
        assertThat(console.call("GET", "/api/v1/drift?project=shop&component=cart&environment=staging",
                ConsoleFixture.ALICE_TOKEN, null).body()).isEqualTo("{\"checked\":true,\"differences\":[]}");
        assertThat(console.call("GET", "/api/v1/drift?project=shop&component=cart&environment=qa",
                ConsoleFixture.ALICE_TOKEN, null).status()).isEqualTo(400);

        // production needs an approval: refused in the rule's words, nothing recorded
        ConsoleFixture.Answer gated = console.call("POST", "/api/v1/promote", ConsoleFixture.ALICE_TOKEN,
                "{\"project\":\"shop\",\"component\":\"cart\",\"to\":[\"production\"]}");
        assertThat(gated.status()).isEqualTo(409);
        assertThat(gated.body()).contains("production requires approval by one of release-managers");
        assertThat(console.ledger.history(new Slot("shop", "cart", "production"), 5)).isEmpty();

        // roll back: staging had one deployment only, so there is nothing before it
        ConsoleFixture.Answer rollback = console.call("POST", "/api/v1/rollback", ConsoleFixture.BOB_TOKEN,
                "{\"project\":\"shop\",\"component\":\"cart\",\"environment\":\"staging\"}");
        assertThat(rollback.status()).isEqualTo(409);
        assertThat(rollback.body()).startsWith("{\"error\":");
        // every answer, the view included, is free of the canary
        assertThat(console.call("GET", "/api/v1/view?project=shop", ConsoleFixture.BOB_TOKEN, null).body())
                .doesNotContain(ConsoleFixture.CANARY).contains("\"status\":\"GATED\"");
    }

    @Test
    void aRequestedApprovalIsDecidedByAPermittedOtherUserAndThenPromotes() throws Exception {
        console.record("r1", 1);
        for (String to : new String[] {"dev", "staging"}) {
            assertThat(console.call("POST", "/api/v1/promote", ConsoleFixture.ALICE_TOKEN, "{\"project\":\"shop\","
                    + "\"component\":\"cart\",\"to\":[\"" + to + "\"],\"revision\":\"r1\"}").status()).isEqualTo(200);
        }
        ConsoleFixture.Answer requested = console.call("POST", "/api/v1/approvals/request", ConsoleFixture.ALICE_TOKEN,
                "{\"project\":\"shop\",\"component\":\"cart\",\"to\":\"production\"}");
        assertThat(requested.status()).as(requested.body()).isEqualTo(200);
        assertThat(requested.body()).contains("\"requestedBy\":\"alice\"").contains("\"revision\":\"r1\"");
        long id = Long.parseLong(requested.body().replaceAll(".*\"id\":(\\d+).*", "$1"));
        assertThat(console.call("GET", "/api/v1/view?project=shop", ConsoleFixture.BOB_TOKEN, null).body())
                .contains("\"approval\":{\"id\":" + id);
        // alice asked, and is no approver: she may withdraw, not decide; bob (release-managers) may decide
        assertThat(console.call("GET", "/api/v1/approvals?project=shop", ConsoleFixture.ALICE_TOKEN, null).body())
                .contains("\"mayDecide\":false").contains("alice is not among the approvers of production")
                .contains("\"mayWithdraw\":true");
        assertThat(console.call("GET", "/api/v1/approvals?project=shop", ConsoleFixture.BOB_TOKEN, null).body())
                .contains("\"mayDecide\":true").contains("\"mayWithdraw\":false");
        ConsoleFixture.Answer byAlice = console.call("POST", "/api/v1/approvals/approve", ConsoleFixture.ALICE_TOKEN,
                "{\"id\":" + id + "}");
        assertThat(byAlice.status()).isEqualTo(409);
        assertThat(byAlice.body()).contains("alice is not among the approvers of production");
        assertThat(console.ledger.history(new Slot("shop", "cart", "production"), 5)).isEmpty();

        ConsoleFixture.Answer approved = console.call("POST", "/api/v1/approvals/approve", ConsoleFixture.BOB_TOKEN,
                "{\"id\":" + id + "}");
        assertThat(approved.status()).as(approved.body()).isEqualTo(200);
        assertThat(approved.body()).contains("\"decision\":\"approved\"").contains("\"result\":\"SUCCEEDED\"")
                .contains("\"requestedBy\":\"alice\"").contains("\"approvedBy\":\"bob\"")
                .doesNotContain(ConsoleFixture.CANARY);
        var production = console.ledger.current(new Slot("shop", "cart", "production")).orElseThrow();
        assertThat(production.approvedBy()).isEqualTo("bob");
        assertThat(console.call("POST", "/api/v1/approvals/reject", ConsoleFixture.BOB_TOKEN, "{\"id\":" + id + "}")
                .body()).contains("is decided already");
    }
}
