package io.cdpipelines.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/** Seeded random pipelines, checked against a brute-force reference: transitive closure by Floyd–Warshall. */
class PipelineGraphRandomTest {
    private static final long SEED = Long.getLong("cdp.seed", 20261127L);

    @Test
    void analysisAgreesWithTransitiveClosure() {
        Random random = new Random(SEED);
        for (int round = 0; round < 3_000; round++) {
            int size = 1 + random.nextInt(7);
            List<String> nodes = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                nodes.add("e" + i);
            }
            boolean[][] edge = new boolean[size][size];
            List<PromotionPath> paths = new ArrayList<>();
            for (int s = 0; s < size; s++) {
                List<String> targets = new ArrayList<>();
                for (int t = 0; t < size; t++) {
                    if (random.nextInt(size + 1) == 0) {
                        edge[s][t] = true;
                        targets.add(nodes.get(t));
                    }
                }
                if (!targets.isEmpty()) {
                    paths.add(new PromotionPath(nodes.get(s), targets));
                }
            }
            if (paths.isEmpty()) {
                continue;
            }
            String context = "seed " + SEED + " round " + round + " paths " + paths;
            PipelineGraph graph = PipelineGraph.of(CdPipeline.paths("p", paths.toArray(PromotionPath[]::new)));

            Set<Integer> mentioned = new HashSet<>();
            for (int s = 0; s < size; s++) {
                for (int t = 0; t < size; t++) {
                    if (edge[s][t]) {
                        mentioned.add(s);
                        mentioned.add(t);
                    }
                }
            }
            boolean[][] reach = closure(edge);
            Set<String> expectedRoots = new TreeSet<>();
            boolean cyclic = false;
            for (int n : mentioned) {
                boolean targeted = false;
                for (int s = 0; s < size; s++) {
                    targeted |= edge[s][n];
                }
                if (!targeted) {
                    expectedRoots.add(nodes.get(n));
                }
                cyclic |= reach[n][n];
            }
            assertThat(new TreeSet<>(graph.roots())).as(context).isEqualTo(expectedRoots);
            assertThat(!graph.cycle().isEmpty()).as(context).isEqualTo(cyclic);
            if (!graph.cycle().isEmpty()) {
                List<String> cycle = graph.cycle();
                assertThat(cycle.get(0)).as(context).isEqualTo(cycle.get(cycle.size() - 1));
                for (int i = 0; i + 1 < cycle.size(); i++) {
                    assertThat(graph.targetsOf(cycle.get(i))).as(context).contains(cycle.get(i + 1));
                }
            }
            if (expectedRoots.size() == 1) {
                int root = nodes.indexOf(expectedRoots.iterator().next());
                Set<String> unreachable = new LinkedHashSet<>();
                for (int n : mentioned) {
                    if (n != root && !reach[root][n]) {
                        unreachable.add(nodes.get(n));
                    }
                }
                assertThat(graph.unreachable()).as(context).containsExactlyInAnyOrderElementsOf(unreachable);
            }
            boolean expectedValid = expectedRoots.size() == 1 && !cyclic && graph.unreachable().isEmpty();
            assertThat(graph.isValid()).as(context).isEqualTo(expectedValid);
            if (expectedValid) {
                List<String> order = graph.environmentsInOrder();
                for (int s = 0; s < size; s++) {
                    for (int t = 0; t < size; t++) {
                        if (edge[s][t]) {
                            assertThat(order.indexOf(nodes.get(s))).as(context).isLessThan(order.indexOf(nodes.get(t)));
                        }
                    }
                }
            }
        }
    }

    private static boolean[][] closure(boolean[][] edge) {
        int n = edge.length;
        boolean[][] reach = new boolean[n][n];
        for (int i = 0; i < n; i++) {
            reach[i] = edge[i].clone();
        }
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    reach[i][j] |= reach[i][k] && reach[k][j];
                }
            }
        }
        return reach;
    }
}
