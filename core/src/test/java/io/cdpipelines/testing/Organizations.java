package io.cdpipelines.testing;

import io.cdpipelines.model.CdPipeline;
import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.DataPlane;
import io.cdpipelines.model.Environment;
import io.cdpipelines.model.GitOpsDataPlane;
import io.cdpipelines.model.ImageDigest;
import io.cdpipelines.model.ImageReference;
import io.cdpipelines.model.KubernetesDataPlane;
import io.cdpipelines.model.Organization;
import io.cdpipelines.model.OrganizationSpec;
import io.cdpipelines.model.Project;
import io.cdpipelines.model.PromotionPath;
import io.cdpipelines.model.Protection;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A small organization used across tests: dev → staging → production, plus a fan-out to two regions. */
public final class Organizations {

    private Organizations() {
    }

    public static DataPlane cluster(String name) {
        return new KubernetesDataPlane(name, "https://" + name + ".example.com:6443", null, name + "-token", null, null,
                "default");
    }

    /** A data plane that reaches a test cluster at {@code serverUrl} with a token credential. */
    public static KubernetesDataPlane cluster(String name, String serverUrl) {
        return new KubernetesDataPlane(name, serverUrl, null, name + "-token", null, null, "default");
    }

    public static Environment environment(String name, String dataPlane) {
        return new Environment(name, null, dataPlane, "{project}-" + name, false, Configuration.EMPTY, Protection.NONE);
    }

    public static Configuration variables(String... pairs) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return new Configuration(map, Map.of(), Map.of());
    }

    public static OrganizationSpec spec() {
        Environment dev = new Environment("dev", "Development", "eu", "{project}-dev", false,
                variables("LOG_LEVEL", "debug", "REPLICAS", "1"), Protection.NONE);
        Environment staging = new Environment("staging", "Staging", "eu", "{project}-staging", false,
                variables("LOG_LEVEL", "info"), Protection.NONE);
        Environment production = new Environment("production", "Production", "eu", "{project}", true,
                variables("LOG_LEVEL", "warn"),
                new Protection(true, Set.of("alice", "release-managers"), false, Duration.ofHours(1)));
        Environment euWest = environment("prod-eu", "eu");
        Environment usEast = environment("prod-us", "us");
        return new OrganizationSpec(
                List.of(cluster("eu"), cluster("us"),
                        new GitOpsDataPlane("fleet", "https://git.example.com/fleet.git", "main", "clusters", null)),
                List.of(dev, staging, production, euWest, usEast),
                List.of(CdPipeline.chain("standard", "dev", "staging", "production"),
                        CdPipeline.paths("regions", PromotionPath.of("dev", "staging"),
                                PromotionPath.of("staging", "prod-eu", "prod-us"))),
                "standard",
                List.of(Project.attaching("team-a", "standard", "regions")));
    }

    public static Organization organization() {
        return Organization.of(spec());
    }

    /** A realistic digest per seed: the SHA-256 of the seed's text. */
    public static ImageDigest digest(int seed) {
        try {
            byte[] hash = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Integer.toString(seed).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return ImageDigest.of("sha256:" + java.util.HexFormat.of().formatHex(hash));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ImageReference image(int seed) {
        return new ImageReference("registry.example.com/team-a/cart", digest(seed));
    }
}
