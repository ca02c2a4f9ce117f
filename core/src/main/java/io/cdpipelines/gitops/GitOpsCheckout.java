package io.cdpipelines.gitops;

import io.cdpipelines.driver.SecretResolver;
import io.cdpipelines.driver.SecretValue;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.GitOpsDataPlane;
import io.cdpipelines.model.SecretReference;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * A working copy of a GitOps repository held for one deployment: the repository itself when it is a local working
 * repository (the embedded default), else a clone kept under the clones folder that pushes to it. Opening takes a
 * lock that serializes all deployments to the repository, in this process and in others.
 */
final class GitOpsCheckout implements AutoCloseable {
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
    private static final String REMOTE = "origin";

    /** How a push ended. */
    enum PushResult { PUSHED, BEHIND, REJECTED }

    private final Git git;
    private final GitOpsDataPlane plane;
    private final boolean remote;
    private final CredentialsProvider credentials;
    private final ReentrantLock lock;
    private final FileChannel lockFile;
    private final FileLock fileLock;
    private String lastPushMessage = "";
    private final QuietReceivePack receivePack = new QuietReceivePack();

    private GitOpsCheckout(Git git, GitOpsDataPlane plane, boolean remote, CredentialsProvider credentials,
                           ReentrantLock lock) throws IOException {
        this.git = git;
        this.plane = plane;
        this.remote = remote;
        this.credentials = credentials;
        this.lock = lock;
        this.lockFile = FileChannel.open(git.getRepository().getDirectory().toPath().resolve("cd-pipelines.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        this.fileLock = lockFile.lock();
    }

    static GitOpsCheckout open(GitOpsDataPlane plane, Path clones, SecretResolver resolver, Slot key)
            throws IOException, GitAPIException {
        Path local = localWorkingRepository(plane.repository());
        // a local working repository is written in place: nothing to authenticate against
        CredentialsProvider credentials = local == null ? credentialsFor(plane, resolver, key) : null;
        Path directory = local != null ? local : clones.resolve(plane.name());
        ReentrantLock lock = LOCKS.computeIfAbsent(directory.toAbsolutePath().normalize(), d -> new ReentrantLock());
        lock.lock();
        try {
            Git git;
            if (local != null) {
                git = Git.open(local.toFile());
            } else if (Files.isDirectory(directory.resolve(".git")) && clonedFrom(directory, plane.repository())) {
                git = Git.open(directory.toFile());
            } else {
                Path path = localPath(plane.repository());
                if (path != null && !Files.isDirectory(path)) {
                    // say so, rather than let a clone of nothing fail with "Invalid remote"
                    throw new IOException("there is no repository at " + path
                            + (Files.exists(path) ? " (it is a file)" : " (the path does not exist)"));
                }
                // no clone yet, or one a killed run left half-made (without its remote): made again
                deleteRecursively(directory);
                Files.createDirectories(directory.getParent());
                git = Git.cloneRepository().setURI(plane.repository()).setDirectory(directory.toFile())
                        .setRemote(REMOTE).setCredentialsProvider(credentials).setNoCheckout(true).call();
            }
            GitOpsCheckout checkout = new GitOpsCheckout(git, plane, local == null, credentials, lock);
            checkout.removeStaleGitLocks();
            return checkout;
        } catch (IOException | GitAPIException | RuntimeException e) {
            lock.unlock();
            throw e;
        }
    }

    /** Whether the clone at {@code directory} is whole: its remote is the data plane's repository. */
    private static boolean clonedFrom(Path directory, String repository) {
        try (Git git = Git.open(directory.toFile())) {
            return repository.equals(git.getRepository().getConfig().getString("remote", REMOTE, "url"))
                    && git.getRepository().getObjectDatabase().exists();
        } catch (IOException e) {
            return false;
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /**
     * The lock files of git's index and of the branch that a killed run left behind ({@code index.lock},
     * {@code refs/heads/main.lock}): only runs of this program write here, serialized by the lock this checkout
     * holds, so any of these is stale. (Others, such as a garbage collection's, are left alone.)
     */
    private void removeStaleGitLocks() throws IOException {
        Path gitDirectory = git.getRepository().getDirectory().toPath();
        String branch = plane.branch();
        for (String lock : List.of("index.lock", "HEAD.lock", "refs/heads/" + branch + ".lock",
                "refs/remotes/" + REMOTE + "/" + branch + ".lock")) {
            Files.deleteIfExists(gitDirectory.resolve(lock));
        }
    }

    /** The repository as a local path ({@code /srv/fleet.git}, {@code file:///srv/fleet.git}), or null for a URL. */
    private static Path localPath(String repository) {
        if (repository.startsWith("file://")) {
            return Path.of(java.net.URI.create(repository));
        }
        return repository.contains("://") || repository.startsWith("git@") ? null : Path.of(repository);
    }

    /** A repository given as a path to a non-bare repository is worked in place, with nothing to push. */
    private static Path localWorkingRepository(String repository) {
        if (repository.contains("://") || repository.startsWith("git@")) {
            return null;
        }
        Path path = Path.of(repository);
        return Files.isDirectory(path.resolve(".git")) ? path : null;
    }

    private static CredentialsProvider credentialsFor(GitOpsDataPlane plane, SecretResolver resolver,
                                                      Slot key) {
        if (plane.credentialsId() == null || plane.credentialsId().isBlank()) {
            return null;
        }
        SecretValue secret = resolver.resolve(new SecretReference(plane.credentialsId()), key);
        String text = secret.text();
        int colon = text.indexOf(':');
        return colon > 0 ? new UsernamePasswordCredentialsProvider(text.substring(0, colon), text.substring(colon + 1))
                : new UsernamePasswordCredentialsProvider("git", text);
    }

    /** Brings the branch to what the remote has, dropping any local leftovers of an earlier failed attempt. */
    void syncWithRemote() throws GitAPIException, IOException {
        if (!remote) {
            checkoutBranch(null);
            dropLeftovers();
            return;
        }
        git.fetch().setRemote(REMOTE).setCredentialsProvider(credentials).setRemoveDeletedRefs(true).call();
        Ref tracked = git.getRepository().exactRef(Constants.R_REMOTES + REMOTE + "/" + plane.branch());
        checkoutBranch(tracked == null ? null : tracked.getObjectId());
    }

    private void checkoutBranch(ObjectId remoteHead) throws GitAPIException, IOException {
        Repository repository = git.getRepository();
        String branch = plane.branch();
        if (repository.resolve(Constants.HEAD) == null && remoteHead == null) {
            // a repository with no commit yet: the first commit creates the branch
            repository.updateRef(Constants.HEAD).link(Constants.R_HEADS + branch);
            return;
        }
        if (repository.exactRef(Constants.R_HEADS + branch) == null) {
            git.checkout().setName(branch).setCreateBranch(true)
                    .setStartPoint(remoteHead == null ? Constants.HEAD : remoteHead.name()).call();
        } else if (!branch.equals(repository.getBranch())) {
            git.checkout().setName(branch).call();
        }
        if (remoteHead != null) {
            git.reset().setMode(ResetCommand.ResetType.HARD).setRef(remoteHead.name()).call();
            dropLeftovers();
        }
    }

    /**
     * Whatever a killed run staged or wrote and did not commit (files of another environment, say) is dropped, so
     * that a deployment commits only its own folder.
     */
    private void dropLeftovers() throws GitAPIException, IOException {
        if (git.getRepository().resolve(Constants.HEAD) != null) {
            git.reset().setMode(ResetCommand.ResetType.HARD).call();
        } else {
            // no commit yet: nothing to reset to, only the index to empty
            var index = git.getRepository().lockDirCache();
            index.clear();
            index.write();
            index.commit();
        }
        // untracked leftovers: under the data plane's prefix only, where this program writes
        String prefix = plane.pathPrefix().replaceAll("^/+|/+$", "");
        Path root = git.getRepository().getWorkTree().toPath();
        for (String path : git.status().call().getUntracked()) {
            if (prefix.isEmpty() || path.startsWith(prefix + "/")) {
                Files.deleteIfExists(root.resolve(path));
            }
        }
    }

    /** Makes {@code folder} hold exactly {@code files}; whether anything changed. */
    boolean replaceFolder(String folder, Map<String, String> files) throws IOException, GitAPIException {
        Path root = git.getRepository().getWorkTree().toPath();
        Path target = root.resolve(folder);
        deleteRecursively(target);
        Files.createDirectories(target);
        for (Map.Entry<String, String> file : files.entrySet()) {
            Files.writeString(target.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
        }
        git.add().addFilepattern(folder).call();
        git.add().addFilepattern(folder).setUpdate(true).call();
        var status = git.status().addPath(folder).call();
        return !(status.getAdded().isEmpty() && status.getChanged().isEmpty() && status.getRemoved().isEmpty());
    }

    String commit(String message, String requestedBy) throws GitAPIException {
        String who = requestedBy == null || requestedBy.isBlank() ? "cd-pipelines" : requestedBy;
        String email = who.contains("@") ? who : who + "@cd-pipelines.invalid";
        RevCommit commit = git.commit().setMessage(message).setAuthor(new PersonIdent(who, email))
                .setCommitter(new PersonIdent("CD Pipelines", "cd-pipelines@cd-pipelines.invalid"))
                .setSign(false).call();
        return commit.getName();
    }

    PushResult push() throws GitAPIException {
        if (!remote) {
            return PushResult.PUSHED;
        }
        String ref = Constants.R_HEADS + plane.branch();
        Iterable<org.eclipse.jgit.transport.PushResult> results;
        try {
            results = receivePack.run(() -> git.push().setRemote(REMOTE).setCredentialsProvider(credentials)
                    .setRefSpecs(new RefSpec(ref + ":" + ref)).call());
        } catch (org.eclipse.jgit.api.errors.TransportException e) {
            // the transport's own words ("Pipe closed", "not authorized") say little: say what it means, with
            // the receiving side's own reason where it ran in-process
            lastPushMessage = refusal(receivePack.failure().orElse(e.getMessage()));
            return PushResult.REJECTED;
        }
        for (var result : results) {
            RemoteRefUpdate update = result.getRemoteUpdate(ref);
            if (update == null) {
                continue;
            }
            switch (update.getStatus()) {
                case OK, UP_TO_DATE:
                    return PushResult.PUSHED;
                case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED:
                    lastPushMessage = "the branch moved on";
                    return PushResult.BEHIND;
                default:
                    lastPushMessage = update.getMessage() != null ? update.getMessage()
                            : update.getStatus().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
                    // another push holding the ref's lock for a moment: worth another try
                    return lastPushMessage.contains("lock") ? PushResult.BEHIND : PushResult.REJECTED;
            }
        }
        lastPushMessage = "the remote did not answer for " + ref;
        return PushResult.REJECTED;
    }

    /** Why the remote refused a push, in words, with the transport's own message last. */
    private static String refusal(String message) {
        String said = message == null ? "no reason given" : message;
        // "<url>: <what the transport said>": the URL (digits of a temp path, say) must not pass for a status
        int colon = said.lastIndexOf(": ");
        String words = colon >= 0 ? said.substring(colon + 2) : said;
        String lower = words.toLowerCase(java.util.Locale.ROOT);
        String why = lower.contains("not authorized") || lower.contains("401") || lower.contains("authentication")
                ? "the remote did not accept the credential (check the data plane's credentialsId)"
                : lower.contains("403") || lower.contains("not permitted") || lower.contains("read-only")
                || lower.contains("permission")
                ? "the remote does not let this credential write (it may read only)"
                : lower.contains("pipe closed") || lower.contains("connection reset") || lower.contains("eof")
                ? "the remote stopped receiving: it may be read-only for this credential, or out of space"
                : "the remote refused the push";
        return why + " (" + words + ")";
    }

    String lastPushMessage() {
        return lastPushMessage;
    }

    /** After a rejected push: back to what the remote has, so the clone holds nothing that was not deployed. */
    void discardLocalCommits() throws GitAPIException, IOException {
        syncWithRemote();
    }

    /** The files of {@code folder} in the last commit. */
    Map<String, String> readFolder(String folder) throws IOException {
        Map<String, String> files = new TreeMap<>();
        Repository repository = git.getRepository();
        ObjectId head = repository.resolve(Constants.HEAD);
        if (head == null) {
            return files;
        }
        try (RevWalk walk = new RevWalk(repository); TreeWalk tree = new TreeWalk(repository)) {
            tree.addTree(walk.parseCommit(head).getTree());
            tree.setRecursive(true);
            tree.setFilter(PathFilter.create(folder));
            while (tree.next()) {
                String path = tree.getPathString();
                if (path.lastIndexOf('/') == folder.length()) {
                    files.put(path.substring(folder.length() + 1), new String(
                            repository.open(tree.getObjectId(0)).getBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }

    String head() throws IOException {
        ObjectId head = git.getRepository().resolve(Constants.HEAD);
        return head == null ? "" : head.getName();
    }

    @Override
    public void close() {
        try {
            fileLock.release();
            lockFile.close();
        } catch (IOException e) {
            // the lock goes with the channel at worst; nothing else to release
        } finally {
            git.close();
            lock.unlock();
        }
    }
}
