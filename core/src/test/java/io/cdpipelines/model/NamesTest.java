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

    @Test
    void componentsOfNewReleasesAreDnsLabelsWhileRecordedOnesStillLoad() {
        for (String good : List.of("cart", "cart-service", "c2", "a".repeat(63))) {
            assertThat(Names.componentProblem(good)).as(good).isEmpty();
        }
        for (String bad : List.of("Cart", "cart_service", "cart.v2", "-cart", "cart-", "a".repeat(64), "", "ca rt")) {
            assertThat(Names.componentProblem(bad)).as(bad).isPresent();
        }
        // what earlier versions recorded (a Jenkins job name) loads from the ledger
        assertThat(Names.recordedComponentProblem("Cart_Service.v2")).isEmpty();
        assertThat(new Release("shop", "Cart_Service.v2", "r1", ImageReference.parse(
                "registry.example.com/cart@sha256:" + "4f3c2b1a".repeat(8)), null, "", null, "").component())
                .isEqualTo("Cart_Service.v2");
    }

    @Test
    void credentialIdsCannotReachOutOfTheirStore() {
        for (String good : List.of("db-password", "prod.db_password", "A1")) {
            assertThat(Names.credentialsIdProblem(good)).as(good).isEmpty();
        }
        for (String bad : List.of("../db", "secrets/db", "db..x", "..", "/etc/passwd", "a b", "x\ny", "")) {
            assertThat(Names.credentialsIdProblem(bad)).as(bad).isPresent();
        }
    }

    @Test
    void mountPathsAreAbsoluteNormalizedFilePaths() {
        for (String good : List.of("/etc/cart/limits.yaml", "/app.conf", "/etc/..hidden/x", "/etc/a..b")) {
            assertThat(Names.mountPathProblem(good)).as(good).isEmpty();
        }
        for (String bad : List.of("/etc/cart/..", "/..", "/.", "/etc/./x", "/etc//x", "/etc/", "etc/x",
                "/etc/x\u0001", "/etc/x\ny", "/a/../b")) {
            assertThat(Names.mountPathProblem(bad)).as(bad).isPresent();
        }
        assertThat(Names.mountPathProblem("/etc/x\u0001").orElseThrow()).contains("\\u0001").doesNotContain("\u0001");
    }
}
