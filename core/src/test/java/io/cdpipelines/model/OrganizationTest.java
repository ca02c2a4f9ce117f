package io.cdpipelines.model;

import io.cdpipelines.testing.Organizations;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.cdpipelines.testing.Organizations.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrganizationTest {

    private static List<String> problems(OrganizationSpec spec) {
        try {
            Organization.of(spec);
            return List.of();
        } catch (InvalidInputException e) {
            return e.problems().stream().map(Problem::toString).toList();
        }
    }

    private static OrganizationSpec withPipelines(CdPipeline... pipelines) {
        return spec().withPipelines(List.of(pipelines)).withProjects(List.of()).withDefaultPipeline(pipelines[0].name());
    }

    @Test
    void sampleOrganizationIsValid() {
        assertThat(problems(spec())).isEmpty();
    }

    @Test
    void aClusterIsReachedOverHttpsAndOverHttpOnlyOnThisHost() {
        for (String local : List.of("http://localhost:8001", "http://127.0.0.1:8001", "https://eu.example.com")) {
            OrganizationSpec spec = spec().withDataPlanes(replaceCluster(local));
            assertThat(problems(spec)).as(local).isEmpty();
        }
        assertThat(problems(spec().withDataPlanes(replaceCluster("http://eu.example.com:6443")))).containsExactly(
                "dataPlanes[0].serverUrl: \"http://eu.example.com:6443\" would send the API token in clear text: use "
                        + "https (http only for a local proxy such as kubectl proxy on localhost)");
    }

    private static List<DataPlane> replaceCluster(String url) {
        List<DataPlane> planes = new java.util.ArrayList<>(spec().dataPlanes());
        planes.set(0, Organizations.cluster(planes.get(0).name(), url));
        return planes;
    }

    @Test
    void aGitOpsRepositoryIsAUrlOrAnAbsolutePathWhichMayHoldSpaces() {
        for (String repository : List.of("/srv/j h/fleet", "https://git.example.com/fleet.git", "git@host:fleet.git",
                "ssh://git@host/fleet.git", "file:///srv/fleet.git")) {
            assertThat(problems(spec().withDataPlanes(List.of(new GitOpsDataPlane("fleet", repository, "main", "",
                    null))).withEnvironments(List.of()).withPipelines(List.of()).withProjects(List.of())
                    .withDefaultPipeline(null))).as(repository).noneMatch(p -> p.contains("repository"));
        }
        assertThat(problems(spec().withDataPlanes(List.of(new GitOpsDataPlane("fleet", "fleet", "main", "", null)))))
                .anyMatch(p -> p.startsWith("dataPlanes[0].repository: \"fleet\" is not a Git repository location"));
    }

    @Test
    void environmentNamesAreDns1123LabelsAndUnique() {
        var environments = new java.util.ArrayList<>(spec().environments());
        environments.add(Organizations.environment("Prod_EU", "eu"));
        environments.add(Organizations.environment("dev", "eu"));
        assertThat(problems(spec().withEnvironments(environments))).containsExactly(
                "environments[5].name: \"Prod_EU\" is not a DNS-1123 label: use lower-case letters, digits and '-', "
                        + "starting and ending with a letter or digit",
                "environments[5].namespace: \"{project}-Prod_EU\" does not make a DNS-1123 namespace name "
                        + "({project} and {component} may be used)",
                "environments[6].name: duplicate environment \"dev\"");
    }

    @Test
    void environmentNeedsAKnownDataPlaneAndAValidNamespace() {
        Environment lost = new Environment("qa", null, "mars", "{project}_qa", false, null, null);
        var environments = new java.util.ArrayList<>(spec().environments());
        environments.add(lost);
        assertThat(problems(spec().withEnvironments(environments))).containsExactly(
                "environments[5].dataPlane: unknown data plane \"mars\" (known: eu, fleet, us)",
                "environments[5].namespace: \"{project}_qa\" does not make a DNS-1123 namespace name "
                        + "({project} and {component} may be used)");
    }

    @Test
    void approvalWithoutApproversAndBadConfigurationAreRefused() {
        Environment env = new Environment("qa", null, "eu", null, false,
                new Configuration(Map.of("1BAD", "x", "TOKEN", "y"), Map.of("relative/path", "x"),
                        Map.of("TOKEN", new SecretReference("qa-token"))),
                new Protection(true, java.util.Set.of(), false, null));
        var environments = new java.util.ArrayList<>(spec().environments());
        environments.add(env);
        assertThat(problems(spec().withEnvironments(environments))).containsExactlyInAnyOrder(
                "environments[5].protection.approvers: approval is required but nobody may approve: name users or groups",
                "environments[5].configuration.variables: \"1BAD\" is not a variable name: letters, digits and '_', "
                        + "not starting with a digit",
                "environments[5].configuration.secrets: \"TOKEN\" is both a variable and a secret: keep one",
                "environments[5].configuration.files: \"relative/path\" is not an absolute file path to mount: start "
                        + "it with '/' and end it with the file's name");
    }

    @Test
    void kubernetesDataPlaneNeedsUrlAndTokenOrKubeconfig() {
        OrganizationSpec spec = spec().withDataPlanes(List.of(
                new KubernetesDataPlane("eu", "not a url", null, null, null, null, null),
                new KubernetesDataPlane("us", null, null, null, "us-kubeconfig", "prod", null),
                new GitOpsDataPlane("fleet", null, null, null, null)));
        assertThat(problems(spec)).containsExactly(
                "dataPlanes[0].serverUrl: \"not a url\" is not an http(s) URL of a Kubernetes API server",
                "dataPlanes[0].credentialsId: is required: the credential holding the API token",
                "dataPlanes[2].repository: is required: the Git URL or local path of the repository");
    }

    @Test
    void chainIsShorthandForPaths() {
        PipelineGraph graph = Organizations.organization().pipeline("standard").orElseThrow();
        assertThat(graph.root()).isEqualTo("dev");
        assertThat(graph.targetsOf("dev")).containsExactly("staging");
        assertThat(graph.sourcesOf("production")).containsExactly("staging");
        assertThat(graph.environmentsInOrder()).containsExactly("dev", "staging", "production");
        assertThat(graph.routeTo("production")).contains(List.of("dev", "staging", "production"));
    }

    @Test
    void unknownEnvironmentsInPathsAreLocated() {
        assertThat(problems(withPipelines(CdPipeline.paths("p", PromotionPath.of("dev", "staging"),
                PromotionPath.of("staging", "production", "prod-mars"))))).containsExactly(
                "pipelines[0].paths[1].to[1]: unknown environment \"prod-mars\" "
                        + "(known: dev, prod-eu, prod-us, production, staging)");
    }

    @Test
    void cyclesAreRefusedAndShown() {
        assertThat(problems(withPipelines(CdPipeline.paths("p", PromotionPath.of("dev", "staging"),
                PromotionPath.of("staging", "production"), PromotionPath.of("production", "staging")))))
                .containsExactly("pipelines[0]: paths form a cycle: staging → production → staging");
        assertThat(problems(withPipelines(CdPipeline.chain("p", "dev", "staging", "dev"))))
                .containsExactly("pipelines[0].environments[2]: \"dev\" appears twice: that is a cycle");
    }

    @Test
    void severalRootsAreRefused() {
        assertThat(problems(withPipelines(CdPipeline.paths("p", PromotionPath.of("dev", "production"),
                PromotionPath.of("staging", "production"))))).containsExactly(
                "pipelines[0]: has several roots (dev, staging): exactly one environment may be no path's target");
    }

    @Test
    void unreachableEnvironmentsAreRefused() {
        assertThat(problems(withPipelines(CdPipeline.paths("p", PromotionPath.of("dev", "staging"),
                PromotionPath.of("production", "prod-eu"), PromotionPath.of("prod-eu", "production")))))
                .containsExactly("pipelines[0]: paths form a cycle: production → prod-eu → production",
                        "pipelines[0]: environments unreachable from the root dev: production, prod-eu");
    }

    @Test
    void duplicatePathsAreRefused() {
        assertThat(problems(withPipelines(CdPipeline.paths("p", PromotionPath.of("dev", "staging", "staging"),
                PromotionPath.of("dev", "production"))))).containsExactly(
                "pipelines[0].paths[0].to[1]: duplicate path: dev → staging is listed twice",
                "pipelines[0].paths[1].from: duplicate path: \"dev\" is already the source of pipelines[0].paths[0]; "
                        + "list all its targets there");
    }

    @Test
    void fanInTargetsMayRequireAllSources() {
        CdPipeline fanIn = new CdPipeline("p", "", List.of(), List.of(PromotionPath.of("dev", "prod-eu", "prod-us"),
                PromotionPath.of("prod-eu", "production"), PromotionPath.of("prod-us", "production")),
                java.util.Set.of("production"));
        Organization organization = Organization.of(withPipelines(fanIn));
        PipelineGraph graph = organization.pipeline("p").orElseThrow();
        assertThat(graph.sourcesOf("production")).containsExactly("prod-eu", "prod-us");
        assertThat(graph.requiresAllSources("production")).isTrue();
        assertThat(graph.requiresAllSources("prod-eu")).isFalse();

        CdPipeline wrong = new CdPipeline("p", "", List.of("dev", "staging"), List.of(), java.util.Set.of("dev"));
        assertThat(problems(withPipelines(wrong)))
                .containsExactly("pipelines[0].allSourcesRequired: \"dev\" is not a target of this pipeline");
    }

    @Test
    void exactlyOneDefaultPipeline() {
        assertThat(problems(spec().withDefaultPipeline(null))).containsExactly(
                "defaultPipeline: is required: name the pipeline every new project gets (known: regions, standard)");
        assertThat(problems(spec().withDefaultPipeline("nightly"))).containsExactly(
                "defaultPipeline: unknown pipeline \"nightly\" (known: regions, standard)");
        OrganizationSpec single = spec().withPipelines(List.of(CdPipeline.chain("only", "dev", "staging")))
                .withProjects(List.of()).withDefaultPipeline(null);
        assertThat(Organization.of(single).defaultPipeline().map(PipelineGraph::name)).contains("only");
    }

    @Test
    void defaultPipelineCannotBeDeleted() {
        Organization organization = Organizations.organization();
        assertThatThrownBy(() -> organization.removePipeline("standard"))
                .isInstanceOf(RuleViolationException.class)
                .hasMessage("pipeline \"standard\" is the organization default and cannot be deleted: "
                        + "make another pipeline the default first");
        Organization moved = organization.withoutProject("team-a").withDefaultPipeline("regions");
        assertThat(moved.removePipeline("standard").pipeline("standard")).isEmpty();
    }

    @Test
    void attachedPipelineCannotBeDeletedAndTheErrorListsTheProjects() {
        Organization organization = Organizations.organization()
                .withProject(Project.attaching("team-b/shop", "regions"));
        assertThatThrownBy(() -> organization.removePipeline("regions"))
                .isInstanceOf(RuleViolationException.class)
                .hasMessage("pipeline \"regions\" is attached to projects team-a, team-b/shop and cannot be deleted: "
                        + "detach it there first");
    }

    @Test
    void usedEnvironmentCannotBeDeletedAndTheErrorListsThePipelines() {
        assertThatThrownBy(() -> Organizations.organization().removeEnvironment("staging"))
                .isInstanceOf(RuleViolationException.class)
                .hasMessage("environment \"staging\" is used by pipelines standard, regions and cannot be deleted: "
                        + "remove it from them first");
        Organization organization = Organizations.organization()
                .withEnvironment(Organizations.environment("sandbox", "eu"));
        assertThat(organization.removeEnvironment("sandbox").environment("sandbox")).isEmpty();
    }

    @Test
    void projectWithoutAttachmentsGetsTheOrganizationDefault() {
        ProjectPipelines pipelines = Organizations.organization().pipelinesFor("team-z/service");
        assertThat(pipelines.definedBy()).isEmpty();
        assertThat(pipelines.names()).containsExactly("standard");
        assertThat(pipelines.environments()).containsExactly("dev", "staging", "production");
    }

    @Test
    void nestedProjectsInheritFromTheNearestAncestorThatSetsAttachments() {
        Organization organization = Organizations.organization()
                .withProject(new Project("team-a/shop", Optional.empty(), Map.of()))
                .withProject(new Project("team-a/shop/payments", Optional.of(new Attachment(List.of("regions"), null)),
                        Map.of()));
        ProjectPipelines inherited = organization.pipelinesFor("team-a/shop/cart");
        assertThat(inherited.definedBy()).contains("team-a");
        assertThat(inherited.names()).containsExactly("standard", "regions");
        assertThat(inherited.defaultPipeline().name()).isEqualTo("standard");
        ProjectPipelines own = organization.pipelinesFor("team-a/shop/payments/api");
        assertThat(own.definedBy()).contains("team-a/shop/payments");
        assertThat(own.names()).containsExactly("regions");
    }

    @Test
    void projectDefaultMustBeAttachedAndPipelinesKnown() {
        OrganizationSpec spec = spec().withProjects(List.of(
                new Project("team-a", Optional.of(new Attachment(List.of("standard", "nightly"), "regions")), Map.of()),
                new Project("/bad/", Optional.empty(), Map.of("mars", Configuration.EMPTY))));
        assertThat(problems(spec)).containsExactly(
                "projects[0].pipelines[1]: unknown pipeline \"nightly\" (known: regions, standard)",
                "projects[0].defaultPipeline: \"regions\" is not attached to this project: choose one of [standard, nightly]",
                "projects[1].path: \"/bad/\" is not a project path: folder names joined by '/', with no leading, "
                        + "trailing or doubled '/'",
                "projects[1].environments[0].name: unknown environment \"mars\" (known: dev, prod-eu, prod-us, "
                        + "production, staging)");
    }

    @Test
    void projectConfigurationMergesEnclosingFoldersNearestWinning() {
        Organization organization = Organizations.organization()
                .withProject(Project.attaching("team-a", "standard")
                        .withEnvironment("dev", Organizations.variables("A", "outer", "B", "outer")))
                .withProject(new Project("team-a/shop", Optional.empty(), Map.of("dev", Organizations.variables("B", "inner"))));
        assertThat(organization.projectConfiguration("team-a/shop", "dev").variables())
                .containsExactlyInAnyOrderEntriesOf(Map.of("A", "outer", "B", "inner"));
    }

    @Test
    void namespacePlaceholdersBecomeLabels() {
        Environment env = Organizations.environment("dev", "eu");
        assertThat(env.namespaceFor("Team A/Shop", "cart")).isEqualTo("team-a-shop-dev");
    }
}
