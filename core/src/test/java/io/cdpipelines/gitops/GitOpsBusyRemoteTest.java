package io.cdpipelines.gitops;

import io.cdpipelines.driver.DeploymentLog;
import io.cdpipelines.driver.DeploymentOrder;
import io.cdpipelines.driver.DeploymentOutcome;
import io.cdpipelines.driver.SecretResolver;
import io.cdpipelines.driver.SecretValue;
import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.GitOpsDataPlane;
import io.cdpipelines.model.Workload;
import io.cdpipelines.testing.Orders;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A GitOps remote that another writer pushes to (another controller, an image updater): a deployment whose push is
 * refused because the branch moved on fetches, lays its own folder on the new head and pushes again, a bounded
 * number of times. The other writer pushes exactly between our commit and our push, so the race is there every time.
 */
class GitOpsBusyRemoteTest {
    @TempDir
    Path temporary;
    final List<String> log = new CopyOnWriteArrayList<>();
    final SecretResolver credentials = (reference, key) -> SecretValue.of("deployer:token");
    Path remote;
    Path otherClone;
    GitOpsDataPlane plane;
    int otherCommits;

    @BeforeEach
    void remoteWithAnotherWriter() throws Exception {
        remote = temporary.resolve("remote.git");
        Git.init().setBare(true).setDirectory(remote.toFile()).setInitialBranch("main").call().close();
        plane = new GitOpsDataPlane("fleet", remote.toUri().toString(), "main", "clusters", null);
        otherClone = temporary.resolve("other-writer");
        try (Git git = Git.init().setDirectory(otherClone.toFile()).setInitialBranch("main").call()) {
            git.remoteAdd().setName("origin").setUri(new URIish(remote.toUri().toString())).call();
            Files.writeString(otherClone.resolve("README.md"), "fleet\n");
            git.add().addFilepattern("README.md").call();
            git.commit().setMessage("start").setAuthor(new PersonIdent("ops", "ops@example.com")).setSign(false)
                    .call();
            git.push().setRemote("origin").add("main").call();
        }
    }

    @Test
    void everyDeploymentLandsWhenTheBranchMovesBetweenItsCommitAndItsPush() throws Exception {
        GitOpsDriver driver = new GitOpsDriver(temporary.resolve("clones"), credentials);
        for (int i = 1; i <= 5; i++) {
            DeploymentOutcome outcome = driver.deploy(order(i), otherWriterPushesAfterOurCommit(1));
            assertThat(outcome.succeeded()).as("deployment %d: %s (%s)", i, outcome.message(), log).isTrue();
        }
        assertThat(log).filteredOn(line -> line.contains("moved on meanwhile")).hasSize(5);
        // every deployment and every one of the other writer's commits is on the branch
        assertThat(messagesOnTheBranch()).filteredOn(message -> message.contains("Deployment: #")).hasSize(5);
        assertThat(messagesOnTheBranch()).filteredOn(message -> message.startsWith("image updater"))
                .hasSize(otherCommits).hasSize(5);
    }

    @Test
    void aBranchThatNeverStopsMovingFailsTheDeploymentInWordsAfterTheLastAttempt() throws Exception {
        GitOpsDriver driver = new GitOpsDriver(temporary.resolve("clones"), credentials);
        DeploymentOutcome outcome = driver.deploy(order(1), otherWriterPushesAfterOurCommit(Integer.MAX_VALUE));
        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.message()).startsWith("the push to fleet (main) was rejected: ")
                .endsWith("; nothing was deployed");
        assertThat(log).filteredOn(line -> line.contains("moved on meanwhile")).hasSize(9);
        assertThat(messagesOnTheBranch()).noneMatch(message -> message.contains("Deployment: #"));
    }

    private DeploymentOrder order(int number) {
        DeploymentOrder base = Orders.order(number, number, new Workload(null, 8080, 2),
                new Configuration(Map.of("RUN", Integer.toString(number)), Map.of(), Map.of()), Map.of());
        return new DeploymentOrder(base.deployment(), base.workload(), plane, base.environment(), base.namespace(),
                base.configuration(), Map.of());
    }

    /** A log that lets the other writer push right after each of our first {@code times} commits. */
    private DeploymentLog otherWriterPushesAfterOurCommit(int times) {
        int[] left = {times};
        return line -> {
            log.add(line);
            if (line.contains(": committed ") && left[0]-- > 0) {
                otherWriterPushes();
            }
        };
    }

    /** One commit of a file of its own, pushed with the git command as another tool would. */
    private void otherWriterPushes() {
        try {
            git("fetch", "-q", "origin", "main");
            git("reset", "-q", "--hard", "FETCH_HEAD");
            Path file = otherClone.resolve("tools/updater.txt");
            Files.createDirectories(file.getParent());
            Files.writeString(file, "run " + otherCommits + "\n");
            git("add", "tools/updater.txt");
            git("-c", "user.name=updater", "-c", "user.email=updater@example.com", "commit", "-q", "-m",
                    "image updater " + otherCommits);
            git("push", "-q", "origin", "main");
            otherCommits++;
        } catch (Exception e) {
            throw new AssertionError("the other writer could not push", e);
        }
    }

    private List<String> messagesOnTheBranch() throws Exception {
        List<String> messages = new ArrayList<>();
        try (Git git = Git.open(remote.toFile())) {
            git.log().call().forEach(commit -> messages.add(commit.getFullMessage()));
        }
        return messages;
    }

    private void git(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("git", "-C", otherClone.toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed: " + output);
        }
    }
}
