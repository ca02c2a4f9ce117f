package io.cdpipelines.cli;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.cdpipelines.testcluster.SimulatedCluster;
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

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deploy view end to end on a Kubernetes data plane (the simulated cluster, in this JVM): a real cdp console
 * process driven in Debian's Chromium — rollouts followed to the end, a slot another process holds said busy with who
 * holds it, a rollout that fails and the restore that follows, and no secret's value on any page.
 */
class DeployViewKubernetesBrowserIT {
    private static final String CANARY = "canary-k8s-2c9d-never-on-a-page";
    private static final String FIRST = "sha256:" + "ab12".repeat(16);
    private static final String SECOND = "sha256:" + "cd34".repeat(16);

    @TempDir
    Path work;
    SimulatedCluster cluster;
    Path config;
    Map<String, String> secrets;
    ConsoleInBrowser browserConsole;
    Page page;

    @BeforeEach
    void start() throws Exception {
        cluster = new SimulatedCluster();
        cluster.createNamespace("shop-dev");
        cluster.createNamespace("shop-staging");
        config = Files.writeString(work.resolve("org.yaml"), """
                dataPlanes:
                  - kubernetes: {name: eu, serverUrl: "%s", credentialsId: eu-token}
                environments:
                  - {name: dev, displayName: Development, dataPlane: eu, namespace: "{project}-dev"}
                  - name: staging
                    displayName: Staging
                    dataPlane: eu
                    namespace: "{project}-staging"
                    configuration:
                      secrets: [{name: API_KEY, credentialsId: api-key}]
                pipelines:
                  - {name: standard, environments: [dev, staging]}
                projects:
                  - {path: shop, pipelines: [standard]}
                """.formatted(cluster.url()));
        secrets = Map.of("CDP_SECRET_EU_TOKEN", SimulatedCluster.TOKEN, "CDP_SECRET_API_KEY", CANARY);
        for (String[] release : new String[][] {{"r1", FIRST}, {"r2", SECOND}}) {
            cdp("release", "record", "--project", "shop", "--component", "cart", "--revision", release[0],
                    "--image", "registry.example.com/shop/cart@" + release[1], "--port", "8080", "--replicas", "2");
        }
        cdp("promote", "--project", "shop", "--component", "cart", "--to", "dev", "--revision", "r1");
        Map<String, String> environment = new java.util.HashMap<>(secrets);
        environment.put("USER", "dana");
        browserConsole = ConsoleInBrowser.start(work, global(), environment);
        page = browserConsole.page;
    }

    @AfterEach
    void stop() {
        if (browserConsole != null) {
            browserConsole.close();
        }
        cluster.close();
    }

    private List<String> global() {
        return List.of("--config", config.toString(), "--data-dir", work.resolve("data").toString());
    }

    private void cdp(String... args) throws Exception {
        List<String> all = new ArrayList<>(global());
        all.addAll(List.of(args));
        CdpProcess.Result result = CdpProcess.run(work, secrets, all.toArray(String[]::new));
        assertThat(result.exitCode()).as(result.toString()).isZero();
    }

    private Locator card(String environment) {
        return page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Component cart"))
                .getByRole(AriaRole.REGION, new Locator.GetByRoleOptions().setName(environment).setExact(true));
    }

    private void promote(String card, String revision) {
        card(card).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Promote…")).click();
        Locator dialog = page.getByRole(AriaRole.DIALOG);
        assertThat(dialog).containsText(revision);
        dialog.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Promote").setExact(true)).click();
    }

    @Test
    void rolloutsFailuresAndABusySlotOnAKubernetesDataPlane() throws Exception {
        // dev, then staging: each rollout followed to the end in the cluster
        promote("Development", "r2");
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("of cart to dev succeeded");
        promote("Staging", "r2");
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("of cart to staging succeeded");
        assertThat(cluster.admin().apps().deployments().inNamespace("shop-staging").withName("cart").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example.com/shop/cart@" + SECOND);

        // another process holds dev (its rollback's rollout held back by the cluster): the page says busy, and who
        cluster.holdRollouts();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", CdpProcess.jar().toAbsolutePath().toString()));
        command.addAll(global());
        command.addAll(List.of("rollback", "--project", "shop", "--component", "cart", "--environment", "dev",
                "--to", "1", "--by", "erin"));
        ProcessBuilder holder = new ProcessBuilder(command).redirectErrorStream(true);
        holder.environment().putAll(secrets);
        Process rolling = holder.start();
        try {
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                page.reload();
                if (card("Development").textContent().contains("Running")) {
                    break;
                }
            }
            if (!card("Development").textContent().contains("Running")) {
                rolling.toHandle().destroy();
                rolling.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
                throw new AssertionError("the rollback never showed as running: " + new String(
                        rolling.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
            assertThat(card("Development")).containsText("Running");
            card("Development").getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Roll back…"))
                    .click();
            page.getByRole(AriaRole.DIALOG).getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions()
                    .setName("Roll back to #1")).click();
            // the console waits 5 s for the slot, then says who holds it
            assertThat(page.getByRole(AriaRole.STATUS)).containsText("dev is busy for shop/cart",
                    new com.microsoft.playwright.assertions.LocatorAssertions.ContainsTextOptions().setTimeout(30_000));
            assertThat(page.getByRole(AriaRole.STATUS)).containsText("erin");
        } finally {
            cluster.releaseRollouts();
            assertThat(rolling.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }

        // a rollout that fails in dev: said so, and what ran before is restored in the cluster at once
        cluster.breakImage("registry.example.com/shop/cart@" + SECOND, true);
        page.reload();
        promote("Development", "r2");
        assertThat(page.getByRole(AriaRole.STATUS)).containsText("failed");
        assertThat(card("Development")).containsText("rollback");
        assertThat(card("Development")).containsText("ab12ab12ab12");
        assertThat(cluster.admin().apps().deployments().inNamespace("shop-dev").withName("cart").get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example.com/shop/cart@" + FIRST);
        assertThat(page.content()).doesNotContain(CANARY).doesNotContain(SimulatedCluster.TOKEN);
    }
}
