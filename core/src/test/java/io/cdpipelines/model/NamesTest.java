package io.cdpipelines.model;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Names that folders, namespaces and files are made from are checked before any path is built from them. */
class NamesTest {

    @Test
    void projectPathsAreFolderNamesJoinedBySlashesWithNoWayOut() {
        for (String good : List.of("shop", "team-a/shop", "Team A/shop_v2", "a.b/c")) {
            assertThat(Names.projectPathProblem(good)).as(good).isEmpty();
        }
        for (String bad : List.of("../../../victim", "shop/./x/..", "shop/..", ".hidden", "a\\\\b", "a/b\\n", "/shop",
                "shop/", "a//b", " shop")) {
            assertThat(Names.projectPathProblem(bad)).as(bad).isPresent();
        }
        assertThatThrownBy(() -> new Release("../../victim", "cart", "r1", ImageReference.parse(
                "registry.example.com/cart@sha256:" + "4f3c2b1a".repeat(8)), null, "", null, ""))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("project: \"../../victim\" is not a project path: each folder name is");
    }
}
