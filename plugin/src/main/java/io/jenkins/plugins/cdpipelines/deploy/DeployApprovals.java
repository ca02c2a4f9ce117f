package io.jenkins.plugins.cdpipelines.deploy;

import hudson.model.Item;
import io.cdpipelines.deploy.DeployRequests;
import io.cdpipelines.model.ApprovalDecision;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.verb.GET;
import org.kohsuke.stapler.verb.POST;

import java.io.IOException;

/**
 * The Deploy page's approvals, as records of the ledger: the waiting requests (and whether the user may decide each),
 * requesting one, and approving, rejecting or withdrawing it. Who may decide is core's rule.
 */
public class DeployApprovals {
    private final DeployAction page;
    private final Item item;

    DeployApprovals(DeployAction page, Item item) {
        this.page = page;
        this.item = item;
    }

    @GET
    public void doIndex(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        DeployAnswers.forReaders(item, req, rsp, true, () -> {
            return page.actions().approvals(page.project(), DeployAction.actor());
        });
    }

    @POST
    public void doRequest(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        DeployAnswers.forReaders(item, req, rsp, false, () -> {
            DeployRequests.ApprovalRequest body = DeployAction.body(req, DeployRequests.ApprovalRequest.class);
            page.thisProject(body.project());
            return page.actions().requestApproval(body, DeployAction.actor());
        });
    }

    @POST
    public void doApprove(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        decide(req, rsp, ApprovalDecision.APPROVED);
    }

    @POST
    public void doReject(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        decide(req, rsp, ApprovalDecision.REJECTED);
    }

    @POST
    public void doWithdraw(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        decide(req, rsp, ApprovalDecision.WITHDRAWN);
    }

    private void decide(StaplerRequest2 req, StaplerResponse2 rsp, ApprovalDecision decision) throws IOException {
        DeployAnswers.forReaders(item, req, rsp, false, () -> {
            return page.actions().decide(DeployAction.body(req, DeployRequests.ApprovalDecision.class), decision,
                    DeployAction.actor());
        });
    }
}
