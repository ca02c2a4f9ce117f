package io.cdpipelines.ledger;

import io.cdpipelines.model.ApprovalDecision;
import io.cdpipelines.model.ApprovalRequest;

import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.DeploymentResult;
import io.cdpipelines.model.Release;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The durable history of releases and deployments. A call that returns has been made durable; one deployment at a
 * time runs per (project, component, environment), across threads and processes, through claims.
 */
public interface Ledger extends RecordedState, AutoCloseable {

    /** Records a release built once; the same again returns the recorded one, another digest is refused. */
    Release recordRelease(Release release);

    List<Release> releases(String project, String component, int limit);

    /** The components of {@code project} that recorded a release, by name. */
    List<String> components(String project);

    /** Records a request for approval; while one waits for the slot, another is refused (ApprovalStateException). */
    ApprovalRequest requestApproval(ApprovalRequest draft);

    /** Decides a waiting request; one decided already, meanwhile, is refused (ApprovalStateException). */
    ApprovalRequest decideApproval(long id, ApprovalDecision decision, String by, Set<String> groups, Instant at);

    Optional<ApprovalRequest> approval(long id);

    /** The requests that wait for a decision, of one project or of all, oldest first. */
    List<ApprovalRequest> pendingApprovals(Optional<String> project);

    /** The latest requests of {@code project}, decided or not, newest first. */
    List<ApprovalRequest> approvals(String project, int limit);

    /**
     * Takes the deployment slot of {@code key}, waiting at most {@code wait} while another deployment holds it.
     *
     * @throws SlotBusyException when the slot stayed taken
     */
    SlotClaim claim(Slot key, String requestedBy, Duration wait);

    /**
     * Takes over the slot of an unfinished deployment whose holder has ended (a restarted process), keeping the
     * deployment under way so that it can be finished.
     *
     * @throws SlotBusyException when the holder still runs
     */
    SlotClaim reclaim(Slot key, long deploymentId, String requestedBy);

    /** Deployments under way that a build (by its reference) started. */
    List<Deployment> unfinishedDeployments(String buildReference);

    /** Every deployment under way, whoever started it, oldest first. */
    List<Deployment> deploymentsUnderWay();

    /** Records a deployment as under way; the ledger assigns its number. The claim must hold its key. */
    Deployment startDeployment(SlotClaim claim, Deployment draft);

    /** Records how a started deployment ended. */
    Deployment finishDeployment(SlotClaim claim, long id, DeploymentResult result, String message, Instant at);

    Optional<Deployment> deployment(long id);

    /** The deployment running now (the last that succeeded) of one component in one environment. */
    default Optional<Deployment> current(Slot key) {
        return stateOf(key).current();
    }

    /** The key's deployments, newest first. */
    List<Deployment> history(Slot key, int limit);

    List<Deployment> historyOfEnvironment(String environment, int limit);

    /** An environment's deployments of a project and of the projects nested in it, newest first. */
    List<Deployment> historyOfEnvironment(String environment, String project, int limit);

    /** The latest deployments of every project, newest first. */
    List<Deployment> recentDeployments(int limit);

    /** The deployments of a project and of the projects nested in it, newest first. */
    List<Deployment> historyOfProject(String project, int limit);

    /** What runs where: the current deployment of every component in every environment, for a project and below. */
    List<Deployment> board(Optional<String> project);

    /**
     * Beside the board: every slot whose last attempt is not what runs there (it failed, was aborted, or is under
     * way), for a project and below. The rules treat such a slot as unhealthy, so the board must not hide it.
     */
    List<Deployment> lastAttemptsBesideTheBoard(Optional<String> project);

    /**
     * Closes a slot whose workload was removed from its data plane, under its claim: the retirement is recorded as a
     * row of the history (kind RETIREMENT, naming the deployment it retired) and the slot leaves the board; its
     * deployments stay in the history.
     *
     * @throws IllegalStateException when nothing is recorded as running there
     */
    Deployment retire(SlotClaim claim, Deployment retirement);

    @Override
    void close();
}
