package io.cdpipelines.gitops;

import io.cdpipelines.driver.DeploymentLog;
import io.cdpipelines.driver.DeploymentOrder;
import io.cdpipelines.driver.DeploymentOutcome;
import io.cdpipelines.driver.SecretResolver;
import io.cdpipelines.driver.SecretValue;
import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.DeploymentKind;
import io.cdpipelines.model.GitOpsDataPlane;
import io.cdpipelines.model.SecretReference;
import io.cdpipelines.model.Workload;
import io.cdpipelines.testing.Orders;
import io.cdpipelines.testing.Organizations;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class GitOpsDriverTest {
    private static final String FOLDER = "clusters/staging/team-a/shop/cart";
    private static final Configuration CONFIGURATION = new Configuration(Map.of("LOG_LEVEL", "info"),
            Map.of("/etc/cart/app.yaml", "mode: staging\n"), Map.of("DB_PASSWORD", new SecretReference("staging-db")));

    @TempDir
    Path temporary;
    final List<String> log = new CopyOnWriteArrayList<>();
    final AtomicInteger credentialLookups = new AtomicInteger();
    final SecretResolver credentials = (reference, key) -> {
        credentialLookups.incrementAndGet();
        return SecretValue.of("deployer:token-value");
    };

    private GitOpsDriver driver() {
        return new GitOpsDriver(temporary.resolve("clones"), credentials);
    }

    private static DeploymentOrder order(GitOpsDataPlane plane, long id, int image, Configuration configuration) {
        DeploymentOrder base = Orders.order(id, image, new Workload(null, 8080, 2), configuration, Map.of());
        return new DeploymentOrder(base.deployment(), base.workload(), plane, base.environment(), base.namespace(),
                base.configuration(), Map.of());
    }

    private static DeploymentOrder rollback(DeploymentOrder order, long id, long restores) {
        Deployment d = order.deployment();
        Deployment rollback = new Deployment(id, d.slot(), d.dataPlane(), d.pipeline(), null, d.revision(), d.image(),
                DeploymentKind.ROLLBACK, restores, d.configuration(), d.result(), d.trigger(), "alice", null, "",
                d.startedAt(), null, "");
        return new DeploymentOrder(rollback, order.workload(), order.dataPlane(), order.environment(), order.namespace(),
                order.configuration(), Map.of());
    }

    private GitOpsDataPlane localRepository() throws Exception {
        Path repository = temporary.resolve("fleet");
        Git.init().setDirectory(repository.toFile()).setInitialBranch("main").call().close();
        return new GitOpsDataPlane("fleet", repository.toString(), "main", "clusters", null);
    }

    private GitOpsDataPlane bareRemote(String credentialsId) throws Exception {
        Path remote = temporary.resolve("remote.git");
        Git.init().setBare(true).setDirectory(remote.toFile()).setInitialBranch("main").call().close();
        return new GitOpsDataPlane("fleet", remote.toUri().toString(), "main", "clusters", credentialsId);
    }

    private static List<RevCommit> history(Path repository) throws Exception {
        try (Git git = Git.open(repository.toFile())) {
            if (git.getRepository().resolve(Constants.HEAD) == null) {
                return List.of();
            }
            List<RevCommit> commits = new ArrayList<>();
            git.log().call().forEach(commits::add);
            return commits;
        }
    }

    private static Map<String, String> filesAt(Path repository, String revision) throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Repository repo = Git.open(repository.toFile()).getRepository(); RevWalk walk = new RevWalk(repo);
             TreeWalk tree = new TreeWalk(repo)) {
            ObjectId id = repo.resolve(revision);
            tree.addTree(walk.parseCommit(id).getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                files.put(tree.getPathString(), new String(repo.open(tree.getObjectId(0)).getBytes(),
                        StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    @Test
    void oneCommitPerDeploymentUnderTheEnvironmentProjectAndComponentFolder() throws Exception {
        GitOpsDataPlane plane = localRepository();
        DeploymentOutcome outcome = driver().deploy(order(plane, 7, 1, CONFIGURATION), log::add);
        assertThat(outcome.succeeded()).isTrue();
        Path repository = Path.of(plane.repository());
        RevCommit commit = history(repository).get(0);
        assertThat(commit.getShortMessage()).isEqualTo("Deploy team-a/shop cart commit-1 to staging");
        assertThat(commit.getFullMessage()).contains("Deployment: #7", "Digest: " + Organizations.digest(1),
                "Revision: commit-1", "Requested-by: dana");
        assertThat(commit.getAuthorIdent().getName()).isEqualTo("dana");
        assertThat(outcome.location()).isEqualTo(commit.getName());
        Map<String, String> files = filesAt(repository, "HEAD");
        assertThat(files.keySet()).allMatch(path -> path.startsWith(FOLDER + "/"))
                .contains(FOLDER + "/kustomization.yaml", FOLDER + "/deployment-cart.yaml", FOLDER + "/service-cart.yaml");
        assertThat(files.get(FOLDER + "/deployment-cart.yaml")).contains(Organizations.image(1).toString())
                .contains("namespace: \"shop-staging\"");
        assertThat(files.values()).noneMatch(content -> content.contains("token-value"));
        assertThat(String.join("", files.values())).contains("ExternalSecret").contains("staging-db");
    }

    @Test
    void aCloneAKilledRunLeftBehindHealsItself() throws Exception {
        GitOpsDataPlane plane = bareRemote(null);
        assertThat(driver().deploy(order(plane, 1, 1, CONFIGURATION), log::add).succeeded()).isTrue();
        Path clone = temporary.resolve("clones").resolve("fleet");
        // what a kill -9 leaves: files of another environment written and staged, and git's lock files
        Path stray = clone.resolve("clusters/production/team-a/shop/cart/deployment-cart.yaml");
        Files.createDirectories(stray.getParent());
        Files.writeString(stray, "kind: Deployment\n");
        Files.writeString(clone.resolve("clusters/untracked.yaml"), "x: 1\n");
        try (Git git = Git.open(clone.toFile())) {
            git.add().addFilepattern("clusters/production").call();
        }
        Files.writeString(clone.resolve(".git/index.lock"), "");
        Files.createDirectories(clone.resolve(".git/refs/heads"));
        Files.writeString(clone.resolve(".git/refs/heads/main.lock"), "");

        DeploymentOutcome next = driver().deploy(order(plane, 2, 2, CONFIGURATION), log::add);
        assertThat(next.succeeded()).as(next.message()).isTrue();
        Path remote = Path.of(java.net.URI.create(plane.repository()));
        assertThat(filesAt(remote, "HEAD").keySet()).allMatch(path -> path.startsWith(FOLDER + "/"));
        assertThat(Files.exists(clone.resolve(".git/index.lock"))).isFalse();

        // a clone a killed run left half-made (no remote yet) is made again
        try (Git git = Git.open(clone.toFile())) {
            git.getRepository().getConfig().unsetSection("remote", "origin");
            git.getRepository().getConfig().save();
        }
        DeploymentOutcome again = driver().deploy(order(plane, 3, 3, CONFIGURATION), log::add);
        assertThat(again.succeeded()).as(again.message()).isTrue();
        assertThat(history(remote)).hasSize(3);
    }

    @Test
    void aRemoteThatRefusesWritesIsSaidSoNotWithTheTransportsWords() throws Exception {
        GitOpsDataPlane plane = bareRemote(null);
        assertThat(driver().deploy(order(plane, 1, 1, CONFIGURATION), log::add).succeeded()).isTrue();
        Path objects = Path.of(java.net.URI.create(plane.repository())).resolve("objects");
        // read-only: chattr +i stops even root from writing (where the file system has it)
        org.junit.jupiter.api.Assumptions.assumeTrue(new ProcessBuilder("chattr", "-R", "+i", objects.toString())
                .start().waitFor() == 0, "chattr +i is not available here");
        java.io.PrintStream stderr = System.err;
        java.io.ByteArrayOutputStream printed = new java.io.ByteArrayOutputStream();
        try {
            System.setErr(new java.io.PrintStream(printed, true, java.nio.charset.StandardCharsets.UTF_8));
            DeploymentOutcome refused = driver().deploy(order(plane, 2, 2, CONFIGURATION), log::add);
            assertThat(refused.succeeded()).isFalse();
            // the receiving side's own reason, not the pipe it left closed
            assertThat(refused.message()).isEqualTo("the push to fleet (main) was rejected: the remote does not "
                    + "let this credential write (it may read only) (Operation not permitted); nothing was deployed");
            assertThat(refused.changedDataPlane()).isFalse();
        } finally {
            System.setErr(stderr);
            new ProcessBuilder("chattr", "-R", "-i", objects.toString()).start().waitFor();
        }
        // nothing but the one-line outcome reaches the user: no stack trace of JGit's receiving thread
        assertThat(printed.toString(java.nio.charset.StandardCharsets.UTF_8)).doesNotContain("Exception")
                .doesNotContain("\tat ");
    }

    @Test
    void aRepositoryPathThatIsGoneIsSaidSo() {
        Path gone = temporary.resolve("gone");
        GitOpsDataPlane plane = new GitOpsDataPlane("local", gone.toString(), "main", "", null);
        DeploymentOutcome outcome = driver().deploy(order(plane, 1, 1, CONFIGURATION), log::add);
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.message()).isEqualTo("GitOps repository local failed: there is no repository at " + gone
                + " (the path does not exist)");
    }

    @Test
    void removedTellsWhetherTheRepositoryHoldsADeploymentsFolder() throws Exception {
        GitOpsDataPlane plane = bareRemote(null);
        DeploymentOrder order = order(plane, 1, 1, CONFIGURATION);
        assertThat(driver().removed(order)).contains(true);
        assertThat(driver().deploy(order, log::add).succeeded()).isTrue();
        assertThat(driver().removed(order)).contains(false);
    }

    @Test
    void aDeploymentToALocalRepositoryCommitsOnlyItsOwnFolder() throws Exception {
        GitOpsDataPlane plane = localRepository();
        Path repository = Path.of(plane.repository());
        assertThat(driver().deploy(order(plane, 1, 1, CONFIGURATION), log::add).succeeded()).isTrue();
        // a killed run staged files of another environment and left git's index lock
        Path stray = repository.resolve("clusters/production/team-a/shop/cart/deployment-cart.yaml");
        Files.createDirectories(stray.getParent());
        Files.writeString(stray, "kind: Deployment\n");
        try (Git git = Git.open(repository.toFile())) {
            git.add().addFilepattern("clusters/production").call();
        }
        Files.writeString(repository.resolve(".git/index.lock"), "");
        DeploymentOutcome next = driver().deploy(order(plane, 2, 2, CONFIGURATION), log::add);
        assertThat(next.succeeded()).as(next.message()).isTrue();
        assertThat(filesAt(repository, "HEAD").keySet()).allMatch(path -> path.startsWith(FOLDER + "/"));
        assertThat(stray).doesNotExist();
    }

    @Test
    void noCommitWhenNothingChangedAndARollbackIsANewCommitRestoringTheFiles() throws Exception {
        GitOpsDataPlane plane = localRepository();
        Path repository = Path.of(plane.repository());
        GitOpsDriver driver = driver();
        DeploymentOrder first = order(plane, 1, 1, CONFIGURATION);
        driver.deploy(first, log::add);
        Map<String, String> firstFiles = filesAt(repository, "HEAD");
        DeploymentOutcome again = driver.deploy(order(plane, 2, 1, CONFIGURATION), log::add);
        assertThat(again.succeeded()).isTrue();
        assertThat(again.message()).startsWith("unchanged");
        assertThat(history(repository)).hasSize(1);

        driver.deploy(order(plane, 3, 2, new Configuration(Map.of("LOG_LEVEL", "debug"), Map.of(), Map.of())),
                log::add);
        Map<String, String> secondFiles = filesAt(repository, "HEAD");
        assertThat(secondFiles).isNotEqualTo(firstFiles);
        assertThat(secondFiles.keySet()).noneMatch(path -> path.contains("files-"));

        DeploymentOutcome restored = driver.deploy(rollback(first, 4, 1), log::add);
        assertThat(restored.succeeded()).isTrue();
        List<RevCommit> commits = history(repository);
        assertThat(commits).hasSize(3);
        assertThat(commits.get(0).getShortMessage()).isEqualTo("Roll back team-a/shop cart in staging to deployment #1");
        assertThat(filesAt(repository, "HEAD")).isEqualTo(firstFiles);
    }

    @Test
    void pushesToARemoteWithTheDataPlaneCredentials() throws Exception {
        GitOpsDataPlane plane = bareRemote("fleet-token");
        Path remote = Path.of(java.net.URI.create(plane.repository()));
        assertThat(driver().deploy(order(plane, 1, 1, CONFIGURATION), log::add).succeeded()).isTrue();
        assertThat(driver().deploy(order(plane, 2, 2, CONFIGURATION), log::add).succeeded()).isTrue();
        assertThat(history(remote)).hasSize(2);
        assertThat(filesAt(remote, "refs/heads/main").get(FOLDER + "/deployment-cart.yaml"))
                .contains(Organizations.image(2).toString());
        assertThat(credentialLookups.get()).isEqualTo(2);
    }

    @Test
    void rejectedPushFailsTheDeploymentAndLeavesNothingBehind() throws Exception {
        GitOpsDataPlane plane = bareRemote(null);
        Path remote = Path.of(java.net.URI.create(plane.repository()));
        GitOpsDriver driver = driver();
        assertThat(driver.deploy(order(plane, 1, 1, CONFIGURATION), log::add).succeeded()).isTrue();
        // the remote refuses to move the branch, as a protected branch or a held ref lock does
        Path refLock = remote.resolve("refs/heads/main.lock");
        Files.writeString(refLock, "held");
        DeploymentOutcome rejected = driver.deploy(order(plane, 2, 2, CONFIGURATION), log::add);
        assertThat(rejected.succeeded()).isFalse();
        assertThat(rejected.message()).isEqualTo("the push to fleet (main) was rejected: failed to lock; "
                + "nothing was deployed");
        Files.delete(refLock);
        assertThat(history(remote)).hasSize(1);

        assertThat(driver.deploy(order(plane, 3, 3, CONFIGURATION), log::add).succeeded()).isTrue();
        List<RevCommit> commits = history(remote);
        assertThat(commits).hasSize(2);
        assertThat(commits.get(0).getFullMessage()).contains("Deployment: #3").doesNotContain("Deployment: #2");
    }

    @Test
    void writersOnSeparateClonesRetryWhenTheRemoteMovedOn() throws Exception {
        GitOpsDataPlane plane = bareRemote(null);
        Path remote = Path.of(java.net.URI.create(plane.repository()));
        List<GitOpsDriver> drivers = List.of(new GitOpsDriver(temporary.resolve("clones-one"), credentials),
                new GitOpsDriver(temporary.resolve("clones-two"), credentials));
        List<DeploymentOutcome> outcomes = deployConcurrently(plane, drivers, 8);
        assertThat(outcomes).hasSize(16).allMatch(DeploymentOutcome::succeeded);
        assertThat(history(remote)).hasSize(16);
    }

    @Test
    void deploymentsToOneRepositorySerializeAcrossThreads() throws Exception {
        GitOpsDataPlane plane = localRepository();
        GitOpsDriver driver = driver();
        List<DeploymentOutcome> outcomes = deployConcurrently(plane, List.of(driver, driver, driver, driver), 5);
        assertThat(outcomes).hasSize(20).allMatch(DeploymentOutcome::succeeded);
        assertThat(history(Path.of(plane.repository()))).hasSize(20);
        try (Git git = Git.open(Path.of(plane.repository()).toFile())) {
            assertThat(git.status().call().isClean()).isTrue();
        }
    }

    /** One thread per driver, each deploying {@code each} different releases. */
    private List<DeploymentOutcome> deployConcurrently(GitOpsDataPlane plane, List<GitOpsDriver> drivers, int each)
            throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<DeploymentOutcome> outcomes = new CopyOnWriteArrayList<>();
        for (int t = 0; t < drivers.size(); t++) {
            GitOpsDriver driver = drivers.get(t);
            int offset = t * 100;
            threads.add(new Thread(() -> {
                for (int i = 1; i <= each; i++) {
                    outcomes.add(driver.deploy(order(plane, offset + i, offset + i, CONFIGURATION), log::add));
                }
            }));
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
        return outcomes;
    }

    @Test
    void previewAndDriftCompareTheRepositoryWithWhatShouldBeThere() throws Exception {
        GitOpsDataPlane plane = localRepository();
        GitOpsDriver driver = driver();
        DeploymentOrder first = order(plane, 1, 1, CONFIGURATION);
        assertThat(driver.preview(first)).contains("would add " + FOLDER + "/deployment-cart.yaml");
        driver.deploy(first, log::add);
        assertThat(driver.drift(first)).contains(List.of());
        // every object names the revision and digest, so a new release changes every file
        assertThat(driver.preview(order(plane, 2, 2, CONFIGURATION)))
                .contains("would change " + FOLDER + "/deployment-cart.yaml")
                .noneMatch(line -> line.startsWith("would add") || line.startsWith("would remove"));

        Path repository = Path.of(plane.repository());
        Files.writeString(repository.resolve(FOLDER + "/deployment-cart.yaml"), "edited by hand\n");
        Files.writeString(repository.resolve(FOLDER + "/extra.yaml"), "kind: ConfigMap\n");
        try (Git git = Git.open(repository.toFile())) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("hand edit").setSign(false).call();
        }
        assertThat(driver.drift(first).orElseThrow()).containsExactly(
                "differs in the repository: " + FOLDER + "/deployment-cart.yaml",
                "not in the ledger's deployment: " + FOLDER + "/extra.yaml");
    }

    @Test
    void silentLogIsAccepted() throws Exception {
        assertThat(driver().deploy(order(localRepository(), 1, 1, Configuration.EMPTY), DeploymentLog.SILENT)
                .succeeded()).isTrue();
    }
}
