package io.cdpipelines.config;

import io.cdpipelines.model.DataPlane;
import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.KubernetesDataPlane;
import io.cdpipelines.model.Organization;
import io.cdpipelines.model.Problem;
import io.cdpipelines.model.SecretReference;
import io.cdpipelines.testing.Organizations;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrganizationYamlTest {
    private static final Path EXAMPLE = Path.of("..", "examples", "organization.yaml");

    private static List<String> problems(String yaml) {
        try {
            OrganizationYaml.load(yaml);
            return List.of();
        } catch (InvalidInputException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
    }

    @Test
    void loadsTheExampleOrganization() {
        Organization organization = OrganizationYaml.load(EXAMPLE);
        assertThat(organization.environments()).extracting(e -> e.name())
                .containsExactly("dev", "staging", "production", "prod-us");
        DataPlane us = organization.dataPlane("us-cluster").orElseThrow();
        assertThat(us).isInstanceOf(KubernetesDataPlane.class);
        assertThat(((KubernetesDataPlane) us).usesKubeconfig()).isTrue();
        var production = organization.requireEnvironment("production");
        assertThat(production.production()).isTrue();
        assertThat(production.protection().minimumSoak()).isEqualTo(Duration.ofHours(1));
        assertThat(production.protection().approvers()).containsExactly("release-managers");
        assertThat(production.configuration().secrets()).containsEntry("DB_PASSWORD",
                new SecretReference("production-db-password"));
        assertThat(production.configuration().files()).containsEntry("/etc/app/limits.yaml", "maxConnections: 500\n");
        assertThat(organization.pipeline("global").orElseThrow().targetsOf("staging"))
                .containsExactly("production", "prod-us");
        assertThat(organization.defaultPipeline().orElseThrow().name()).isEqualTo("standard");
        assertThat(organization.pipelinesFor("shop/cart").names()).containsExactly("standard", "global");
        assertThat(organization.projectConfiguration("shop/cart", "staging").variables())
                .containsEntry("PAYMENT_PROVIDER", "sandbox");
    }

    @Test
    void writtenYamlReadsBackToTheSameOrganization() {
        Organization example = OrganizationYaml.load(EXAMPLE);
        String written = OrganizationYaml.write(example.spec());
        assertThat(written).startsWith("unclassified:\n  cdPipelines:\n");
        assertThat(OrganizationYaml.load(written)).isEqualTo(example);
        Organization sample = Organizations.organization();
        assertThat(OrganizationYaml.load(OrganizationYaml.write(sample.spec()))).isEqualTo(sample);
    }

    @Test
    void acceptsTheBareMappingAndTheCdPipelinesKey() {
        String bare = """
                dataPlanes:
                  - gitops: {name: fleet, repository: /srv/fleet.git}
                environments:
                  - {name: dev, dataPlane: fleet}
                pipelines:
                  - {name: only, environments: [dev]}
                """;
        assertThat(OrganizationYaml.load(bare).defaultPipeline().orElseThrow().name()).isEqualTo("only");
        assertThat(OrganizationYaml.load("cdPipelines:\n" + bare.indent(2)).environments()).hasSize(1);
    }

    @Test
    void everyProblemIsReportedAtOnceWithItsPath() {
        String yaml = """
                unclassified:
                  cdPipelines:
                    dataPlanes:
                      - kubernetes: {name: eu, serverUrl: https://eu.example.com, credentialsId: eu-token, region: eu}
                    environments:
                      - {name: dev, dataPlane: eu}
                      - {name: staging, dataPlane: eu, production: maybe}
                      - name: production
                        dataPlane: eu
                        protection: {minimumSoak: soon}
                    pipelines:
                      - name: standard
                        environments: [dev, staging, production]
                      - name: regions
                        paths:
                          - {from: dev, to: [staging]}
                          - {from: staging, to: [production, prod-eu]}
                    defaultPipeline: standard
                    projects:
                      - {path: shop, pipelines: [standard, nightly]}
                """;
        assertThat(problems(yaml)).containsExactly(
                "dataPlanes[0].kubernetes.region: unknown key \"region\" (allowed: caCertificate, context, "
                        + "credentialsId, defaultNamespace, kubeconfigCredentialsId, name, serverUrl)",
                "environments[1].production: expected true or false",
                "environments[2].protection.minimumSoak: \"soon\" is not a duration: write 30m, 1h, 2d, 1h30m or PT1H",
                "pipelines[1].paths[1].to[1]: unknown environment \"prod-eu\" (known: dev, production, staging)",
                "projects[0].pipelines[1]: unknown pipeline \"nightly\" (known: regions, standard)");
    }

    @Test
    void unknownTopLevelKeyAndBadYamlAreClear() {
        assertThat(problems("cdPipelines:\n  pipelinez: []\n")).containsExactly(
                "pipelinez: unknown key \"pipelinez\" (allowed: dataPlanes, defaultPipeline, environments, pipelines, "
                        + "projects)");
        assertThatThrownBy(() -> OrganizationYaml.load("environments: [dev\n"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("invalid YAML in the configuration at line 2, column 1: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void aGateCannotBeSwitchedOffByRepeatingItsKey() {
        String yaml = """
                dataPlanes: [{gitops: {name: fleet, repository: /srv/fleet.git}}]
                environments:
                  - name: production
                    dataPlane: fleet
                    protection:
                      approvalRequired: true
                      approvers: [release-managers]
                      approvalRequired: false
                pipelines: [{name: standard, environments: [production]}]
                defaultPipeline: standard
                """;
        assertThatThrownBy(() -> OrganizationYaml.load(yaml)).isInstanceOf(InvalidInputException.class)
                .hasMessage("key approvalRequired is given twice (the second at line 8): keep one (YAML would "
                        + "otherwise take the last silently)");
    }

    @Test
    void aSecondDocumentAnEmptyFileAndRepeatedNamesAreRefused() {
        String one = "pipelines: [{name: standard, environments: [dev]}]\n"
                + "environments: [{name: dev, dataPlane: fleet}]\n"
                + "dataPlanes: [{gitops: {name: fleet, repository: /srv/fleet.git}}]\n"
                + "defaultPipeline: standard\n";
        assertThat(OrganizationYaml.load(one).environments()).hasSize(1);
        assertThatThrownBy(() -> OrganizationYaml.load(one + "---\ndefaultPipeline: other\n"))
                .hasMessage("a second YAML document starts at line 6: the configuration is one document; remove the "
                        + "'---' and what follows, or put it in a file of its own");
        for (String empty : new String[] {"", "  \n", "~\n", "# only a comment\n"}) {
            assertThatThrownBy(() -> OrganizationYaml.load(empty)).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("run './cdp quickstart' for a sample");
        }
        String repeated = one.replace("{name: dev, dataPlane: fleet}", """
                {name: dev, dataPlane: fleet, configuration: {
                  variables: [{name: LOG_LEVEL, value: debug}, {name: LOG_LEVEL, value: info}],
                  files: [{path: /etc/a, content: x}, {path: /etc/a, content: y}]}}""");
        assertThat(problems(repeated)).containsExactly(
                "environments[0].configuration.variables[1]: variable LOG_LEVEL is given twice: keep one (the "
                        + "configuration would otherwise take the last silently)",
                "environments[0].configuration.files[1]: file /etc/a is given twice: keep one (the configuration "
                        + "would otherwise take the last silently)");
    }

    @Test
    void secretsAreReferencesOnly() {
        String yaml = """
                dataPlanes: [{gitops: {name: fleet, repository: /srv/fleet.git}}]
                environments:
                  - name: dev
                    dataPlane: fleet
                    configuration:
                      secrets:
                        - {name: DB_PASSWORD, value: hunter2}
                pipelines: [{name: only, environments: [dev]}]
                """;
        assertThat(problems(yaml)).containsExactly(
                "environments[0].configuration.secrets[0].value: unknown key \"value\" (allowed: credentialsId, name)",
                "environments[0].configuration.secrets[0].credentialsId: is required");
    }

    @Test
    void durationsInShortAndIsoForm() {
        String template = """
                dataPlanes: [{gitops: {name: fleet, repository: /srv/fleet.git}}]
                environments:
                  - {name: dev, dataPlane: fleet}
                  - {name: prod, dataPlane: fleet, protection: {minimumSoak: %s}}
                pipelines: [{name: only, environments: [dev, prod]}]
                """;
        assertThat(OrganizationYaml.load(template.formatted("1h30m")).requireEnvironment("prod").protection()
                .minimumSoak()).isEqualTo(Duration.ofMinutes(90));
        assertThat(OrganizationYaml.load(template.formatted("PT2H")).requireEnvironment("prod").protection()
                .minimumSoak()).isEqualTo(Duration.ofHours(2));
        assertThat(OrganizationYaml.load(template.formatted("2d")).requireEnvironment("prod").protection()
                .minimumSoak()).isEqualTo(Duration.ofDays(2));
    }
}
