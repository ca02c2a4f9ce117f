package io.cdpipelines.cli;

import io.cdpipelines.testcluster.SimulatedCluster;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.cdpipelines.cli.CdpProcess.run;
import static org.assertj.core.api.Assertions.assertThat;

/** The packaged command deploying to a Kubernetes data plane (a simulated cluster in this JVM). */
class CdpKubernetesIT {
    private static final String DIGEST = "sha256:" + "ab12".repeat(16);

    @TempDir
    Path work;
    SimulatedCluster cluster;

    @BeforeEach
    void start() {
        cluster = new SimulatedCluster();
        cluster.createNamespace("shop-dev");
    }

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void promotesToAClusterWithTheTokenFromTheEnvironmentAndNeverPrintsIt() throws Exception {
        Path config = Files.writeString(work.resolve("org.yaml"), """
                dataPlanes:
                  - kubernetes: {name: eu, serverUrl: "%s", credentialsId: eu-token}
                environments:
                  - name: dev
                    dataPlane: eu
                    namespace: "{project}-dev"
                    configuration:
                      variables: [{name: LOG_LEVEL, value: debug}]
                      secrets: [{name: API_KEY, credentialsId: api-key}]
                pipelines:
                  - {name: only, environments: [dev]}
                """.formatted(cluster.url()));
        Map<String, String> secrets = Map.of("CDP_SECRET_EU_TOKEN", SimulatedCluster.TOKEN,
                "CDP_SECRET_API_KEY", "api-key-value-42");
        String[] options = {"--config", config.toString(), "--data-dir", work.resolve("data").toString()};
        CdpProcess.Result record = run(work, secrets, concat(options, "release", "record", "--project", "shop",
                "--component", "cart", "--revision", "1", "--image", "registry.example.com/shop/cart@" + DIGEST,
                "--port", "8080", "--replicas", "3"));
        assertThat(record.exitCode()).as(record.toString()).isZero();

        CdpProcess.Result promote = run(work, secrets, concat(options, "promote", "--project", "shop", "--component",
                "cart", "--to", "dev", "--revision", "1"));
        assertThat(promote.exitCode()).as(promote.toString()).isZero();
        assertThat(promote.out()).contains("dev: cart 3/3 ready", "Deployment cart rolled out: 3/3 ready")
                .doesNotContain(SimulatedCluster.TOKEN).doesNotContain("api-key-value-42");
        var deployment = cluster.admin().apps().deployments().inNamespace("shop-dev").withName("cart").get();
        assertThat(deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("registry.example.com/shop/cart@" + DIGEST);

        CdpProcess.Result drift = run(work, secrets, concat(options, "drift"));
        assertThat(drift.exitCode()).as(drift.toString()).isZero();
        assertThat(drift.out()).contains("in sync");

        CdpProcess.Result missing = run(work, Map.of(), concat(options, "promote", "--project", "shop",
                "--component", "cart", "--to", "dev", "--revision", "1"));
        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(1);
        assertThat(missing.out()).contains("secret API_KEY (credential api-key) could not be resolved: "
                + "credential api-key is not set: export CDP_SECRET_API_KEY");

        // a preview needs no secret's value
        CdpProcess.Result preview = run(work, Map.of("CDP_SECRET_EU_TOKEN", SimulatedCluster.TOKEN),
                concat(options, "preview", "--project", "shop", "--component", "cart", "--to", "dev", "--revision", "1"));
        assertThat(preview.exitCode()).as(preview.toString()).isZero();
        assertThat(preview.out()).contains("would apply the Secret of 1 value(s) API_KEY: resolved at deploy time");

        // the cluster goes away: drift says which data plane, where and why, with its own exit code
        String url = cluster.url();
        cluster.close();
        cluster = null;
        CdpProcess.Result down = run(work, secrets, concat(options, "drift"));
        assertThat(down.exitCode()).as(down.toString()).isEqualTo(6);
        assertThat(down.out()).contains("unreachable: cannot reach the API server (data plane eu at " + url);
        assertThat(down.err()).doesNotContain("Exception");
    }

    @Test
    void interruptedWhileWaitingForTheRolloutItRecordsTheDeploymentAsAborted() throws Exception {
        Path config = Files.writeString(work.resolve("org.yaml"), """
                dataPlanes:
                  - kubernetes: {name: eu, serverUrl: "%s", credentialsId: eu-token}
                environments:
                  - {name: dev, dataPlane: eu, namespace: "{project}-dev"}
                pipelines:
                  - {name: only, environments: [dev]}
                """.formatted(cluster.url()));
        Map<String, String> secrets = Map.of("CDP_SECRET_EU_TOKEN", SimulatedCluster.TOKEN);
        String[] options = {"--config", config.toString(), "--data-dir", work.resolve("data").toString()};
        assertThat(run(work, secrets, concat(options, "release", "record", "--project", "shop", "--component",
                "cart", "--revision", "1", "--image", "registry.example.com/shop/cart@" + DIGEST)).exitCode())
                .isZero();
        cluster.holdRollouts();
        CdpProcess.Running promote = CdpProcess.launch(work, secrets, concat(options, "promote", "--project", "shop",
                "--component", "cart", "--to", "dev", "--revision", "1"));
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (cluster.admin().apps().deployments().inNamespace("shop-dev").withName("cart").get() == null
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        CdpProcess.Result stopped = promote.stop();
        assertThat(stopped.out()).as(stopped.toString())
                .contains("dev: deployment #1 of cart failed: aborted (cdp was interrupted): stopped waiting for "
                        + "the rollout of Deployment cart");

        CdpProcess.Result history = run(work, secrets, concat(options, "--output", "json", "history",
                "--environment", "dev"));
        assertThat(history.out()).as(history.toString()).contains("\"result\" : \"FAILED\"")
                .contains("aborted (cdp was interrupted)");
        // nothing was left under way: the next promotion goes ahead at once
        cluster.releaseRollouts();
        CdpProcess.Result again = run(work, secrets, concat(options, "promote", "--project", "shop", "--component",
                "cart", "--to", "dev", "--revision", "1"));
        assertThat(again.exitCode()).as(again.toString()).isZero();
    }

    private static String[] concat(String[] first, String... second) {
        String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
