package io.cdpipelines.cli;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deploy view end to end: a real {@code cdp console} process over a GitOps data plane, driven in Debian's
 * Chromium through Playwright — promote from the page with the preview first, a refusal in the rule's words, a gate
 * that stops the promotion, a rollback, a fan-out drawn as one, and no secret's value on any page.
 */
class DeployViewBrowserIT {
    private static final String CANARY = "canary-5e1f-never-on-a-page";
    private static final String FIRST = "sha256:" + "4f3c2b1a".repeat(8);
    private static final String SECOND = "sha256:" + "9e8d7c6b".repeat(8);
    private static final String BOB_TOKEN = "bob-release-manager-token-1234567890";

    @TempDir
    Path work;
    Path fleet;
    Path config;
    ConsoleInBrowser browserConsole;
    Process console;
    String base;
    Browser browser;
    Page page;

    @BeforeEach
    void start() throws Exception {
        fleet = work.resolve("fleet.git");
        Git.init().setBare(true).setDirectory(fleet.toFile()).setInitialBranch("main").call().close();
        config = Files.writeString(work.resolve("org.yaml"), """
                dataPlanes:
                  - gitops: {name: fleet, repository: "%s"}
                environments:
                  - {name: dev, displayName: Development, dataPlane: fleet}
                  - name: staging
                    displayName: Staging
                    dataPlane: fleet
                    configuration:
                      secrets: [{name: DB_PASSWORD, credentialsId: db}]
                  - name: production
                    displayName: Production
                    dataPlane: fleet
                    production: true
                    protection: {approvalRequired: true, approvers: [release-managers]}
                  - {name: prod-eu, displayName: Production EU, dataPlane: fleet, production: true}
                  - {name: prod-us, displayName: Production US, dataPlane: fleet, production: true}
                pipelines:
                  - {name: standard, environments: [dev, staging, production]}
                  - name: regions
                    paths:
                      - {from: dev, to: [staging]}
                      - {from: staging, to: [prod-eu, prod-us]}
                defaultPipeline: standard
                projects:
                  - {path: shop, pipelines: [standard, regions], defaultPipeline: standard}
                """.formatted(fleet));
        cdp("release", "record", "--project", "shop", "--component", "cart", "--revision", "r1", "--image",
                "registry.example.com/shop/cart@" + FIRST);
        // bob, a release manager, signs in with a token of the users file
        Path users = Files.writeString(work.resolve("users.txt"), "# who may use this console\nsha256:"
                + java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(BOB_TOKEN.getBytes(StandardCharsets.UTF_8))) + " bob release-managers\n");
        browserConsole = ConsoleInBrowser.start(work, global(), Map.of("CDP_SECRET_DB", CANARY, "USER", "dana"),
                "--users", users.toString());
        base = browserConsole.base;
        console = browserConsole.console;
        browser = browserConsole.browser;
        page = browserConsole.page;
    }

    @AfterEach
    void stop() {
        if (browserConsole != null) {
            browserConsole.close();
        }
    }

    private List<String> global() {
        return List.of("--config", config.toString(), "--data-dir", work.resolve("data").toString());
    }

    private CdpProcess.Result cdp(String... args) throws Exception {
        List<String> all = new ArrayList<>(global());
        all.addAll(List.of(args));
        CdpProcess.Result result = CdpProcess.run(work, Map.of(), all.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.toString()).isZero();
        return result;
    }

    private Locator card(String environment) {
        return card(page, environment);
    }

    private static Locator card(Page page, String environment) {
        return page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Component cart"))
                .getByRole(AriaRole.REGION, new Locator.GetByRoleOptions().setName(environment).setExact(true));
    }

    private void screenshot(String name) {
        Path folder = Path.of(System.getProperty("cdp.screenshots", "target/screenshots"));
        page.screenshot(new Page.ScreenshotOptions().setPath(folder.resolve(name + ".png")).setFullPage(false));
    }

    private void promoteFromThePage(String card, String environment, String previewSays) {
        card(card).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Promote…")).click();
        Locator dialog = page.getByRole(AriaRole.DIALOG);
        assertThat(dialog).containsText("Promote cart to " + environment);
        assertThat(dialog).containsText(previewSays); // the preview comes before anything runs
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Promote").setExact(true)).click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("of cart to " + environment + " succeeded");
    }

    @Test
    void promoteRefuseRollBackAndFanOutFromThePage() throws Exception {
        assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("shop"))).isVisible();
        assertThat(card("Development")).containsText("Ready to promote");
        assertThat(card("Staging")).containsText("Nothing to promote");
        screenshot("deploy-view-before");

        // dev, then staging, each with its preview first
        card("Development").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Promote…")).click();
        assertThat(page.getByRole(AriaRole.DIALOG)).containsText("would add dev/shop/cart/deployment-cart.yaml");
        page.getByRole(AriaRole.DIALOG).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Cancel"))
                .click();
        assertThat(page.getByRole(AriaRole.DIALOG)).hasCount(0);
        assertThat(cdp("history", "--project", "shop").out()).doesNotContain("dev");
        promoteFromThePage("Development", "dev", "4f3c2b1a4f3c");
        card("Staging").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Promote…")).click();
        assertThat(page.getByRole(AriaRole.DIALOG)).containsText("+ secret DB_PASSWORD");
        screenshot("promote-dialog");
        page.getByRole(AriaRole.DIALOG).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Promote")
                .setExact(true)).click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("of cart to staging succeeded");
        assertThat(card("Staging")).containsText("by dana");

        // production waits at its approval gate: dana asks, and may not approve it herself
        assertThat(card("Production")).containsText("Needs approval by one of release-managers");
        assertThat(card("Production").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Promote…")))
                .hasCount(0);
        screenshot("deploy-view-after");
        card("Production").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Request approval"))
                .click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("requested: an approver decides it here");
        assertThat(card("Production")).containsText("requested by dana");
        assertThat(card("Production").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Approve")))
                .hasCount(0);
        assertThat(card("Production").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Withdraw")))
                .isVisible();
        screenshot("pending-approval");
        // bob, in his own browser, approves: the promotion runs as dana asked it, approved by bob
        Page bob = browserConsole.newPage(base + "/?token=" + BOB_TOKEN);
        card(bob, "Production").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Approve")).click();
        assertThat(bob.getByRole(AriaRole.STATUS)).containsText("approved; deployment #3 succeeded");
        assertThat(card(bob, "Production")).containsText("by dana, approved by bob");
        page.reload();
        assertThat(card("Production")).containsText("approved by bob");

        // a deployment that fails leaves dev unhealthy: staging's next promotion is refused in the rule's words
        cdp("release", "record", "--project", "shop", "--component", "cart", "--revision", "r2", "--image",
                "registry.example.com/shop/cart@" + SECOND);
        // the repository refuses writes (read-only objects, as a full disk or a read-only credential would)
        Path objects = fleet.resolve("objects");
        assertThat(new ProcessBuilder("chattr", "-R", "+i", objects.toString()).start().waitFor())
                .as("chattr +i makes the repository read-only (root, on a file system that has it)").isZero();
        try {
            page.reload();
            promoteAndFail();
        } finally {
            new ProcessBuilder("chattr", "-R", "-i", objects.toString()).start().waitFor();
        }
        page.reload();
        assertThat(card("Development")).containsText("Last attempt");
        assertThat(card("Staging")).containsText("Refused");
        assertThat(card("Staging")).containsText("runs healthy in none of its sources (dev)");
        screenshot("refusal");

        // dev takes r2 now; then roll it back from its card (deployment numbers: #4 failed, #5, the rollback #6)
        promoteFromThePage("Development", "dev", "9e8d7c6b9e8d");
        card("Development").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Roll back…")).click();
        Locator history = page.getByRole(AriaRole.DIALOG).getByRole(AriaRole.RADIO);
        assertThat(history).hasCount(1); // deployment #1: the failed #4 cannot be restored
        assertThat(page.getByRole(AriaRole.DIALOG)).containsText("#1");
        screenshot("rollback-dialog");
        page.getByRole(AriaRole.DIALOG).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions()
                .setName("Roll back to #1")).click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("rolled cart in dev back to #1");
        assertThat(card("Development")).containsText("rollback");
        assertThat(card("Development")).containsText("4f3c2b1a4f3c");

        // drift on demand: the data plane holds what the ledger says
        card("Staging").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Check drift")).click();
        assertThat(card("Staging")).containsText("No drift: the data plane holds what the ledger says.");

        // the regions pipeline fans out of staging: two paths, its targets in one column
        page.getByRole(AriaRole.COMBOBOX).selectOption("regions");
        assertThat(page.locator("[data-path]")).hasCount(3);
        assertThat(page.locator("[data-path='staging>prod-eu']")).hasCount(1);
        assertThat(page.locator("[data-path='staging>prod-us']")).hasCount(1);
        screenshot("fan-out");
        assertThat(page.content()).doesNotContain(CANARY);
        console.destroy();
        assertThat(console.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    private void promoteAndFail() {
        card("Development").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Promote…")).click();
        Locator dialog = page.getByRole(AriaRole.DIALOG);
        assertThat(dialog).containsText("9e8d7c6b9e8d");
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Promote").setExact(true)).click();
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("failed");
    }
}
