package io.cdpipelines.benchmarks;

import io.cdpipelines.model.Attachment;
import io.cdpipelines.model.CdPipeline;
import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.DataPlane;
import io.cdpipelines.model.Environment;
import io.cdpipelines.model.KubernetesDataPlane;
import io.cdpipelines.model.Organization;
import io.cdpipelines.model.OrganizationSpec;
import io.cdpipelines.model.Project;
import io.cdpipelines.model.Protection;
import io.cdpipelines.model.SecretReference;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The organization the performance targets name: 1,000 environments on 20 data planes, 200 pipelines (chains of five
 * environments) and 10,000 projects (100 teams of 100 services), each team attaching two pipelines and each service
 * configuring two environments.
 */
final class LargeOrganization {
    static final int ENVIRONMENTS = 1_000;
    static final int PIPELINES = 200;
    static final int TEAMS = 100;
    static final int SERVICES_PER_TEAM = 99;

    private LargeOrganization() {
    }

    static String environment(int i) {
        return "env-" + i;
    }

    static Organization build() {
        List<DataPlane> planes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            planes.add(new KubernetesDataPlane("cluster-" + i, "https://cluster-" + i + ".example.com", null,
                    "token-" + i, null, null, "default"));
        }
        List<Environment> environments = new ArrayList<>();
        for (int i = 0; i < ENVIRONMENTS; i++) {
            environments.add(new Environment(environment(i), null, "cluster-" + (i % 20), "{project}-" + i, i % 5 == 4,
                    new Configuration(variables("LEVEL", "env-" + i, "REGION", "r" + (i % 20), "TIER", "t" + (i % 5)),
                            Map.of("/etc/app/env.yaml", "environment: " + i + "\n"),
                            Map.of("DB_PASSWORD", new SecretReference("db-" + i))),
                    Protection.NONE));
        }
        List<CdPipeline> pipelines = new ArrayList<>();
        for (int p = 0; p < PIPELINES; p++) {
            String[] chain = new String[5];
            for (int j = 0; j < 5; j++) {
                chain[j] = environment(p * 5 + j);
            }
            pipelines.add(CdPipeline.chain("pipeline-" + p, chain));
        }
        List<Project> projects = new ArrayList<>();
        for (int t = 0; t < TEAMS; t++) {
            String team = "team-" + t;
            projects.add(new Project(team, Optional.of(new Attachment(
                    List.of("pipeline-" + (t % PIPELINES), "pipeline-" + ((t + 100) % PIPELINES)), null)), Map.of()));
            for (int s = 0; s < SERVICES_PER_TEAM; s++) {
                Map<String, Configuration> configuration = new LinkedHashMap<>();
                configuration.put(environment((t % PIPELINES) * 5 + 1), new Configuration(
                        variables("SERVICE", "svc-" + s, "LEVEL", "debug"), Map.of(), Map.of()));
                configuration.put(environment((t % PIPELINES) * 5 + 2), new Configuration(
                        variables("SERVICE", "svc-" + s), Map.of(), Map.of()));
                projects.add(new Project(team + "/svc-" + s, Optional.empty(), configuration));
            }
        }
        return Organization.of(new OrganizationSpec(planes, environments, pipelines, "pipeline-0", projects));
    }

    private static Map<String, String> variables(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
