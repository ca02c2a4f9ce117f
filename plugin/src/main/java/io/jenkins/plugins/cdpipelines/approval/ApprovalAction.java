package io.jenkins.plugins.cdpipelines.approval;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.model.Run;
import io.cdpipelines.promotion.Approval;
import io.cdpipelines.model.ApprovalDecision;
import io.jenkins.plugins.cdpipelines.config.StoredNames;
import jenkins.model.IdStrategy;
import jenkins.model.Jenkins;
import jenkins.model.RunAction2;
import org.jenkinsci.plugins.workflow.flow.FlowExecution;
import org.jenkinsci.plugins.workflow.flow.FlowExecutionOwner;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.HttpResponses;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Approvals a build waits for: a promotion into a protected environment pauses its step until one of the
 * environment's approvers (a user, or a member of a listed group; not the one who started the build unless the
 * environment allows it) approves or rejects it here. The engine checks the approval again: this page is a door,
 * the rule is in core.
 */
public class ApprovalAction implements RunAction2 {
    private static final Logger LOGGER = Logger.getLogger(ApprovalAction.class.getName());

    private transient volatile Run<?, ?> run;
    private final List<Request> requests = new ArrayList<>();

    /** A decision on a request: approved with the approval, or rejected by someone. */
    public record Decision(Approval approval, String rejectedBy) {
    }

    /** A step execution of this build that waits for the decision on one of its requests. */
    public interface Waiting {
        /** Called with every decision taken on the build; the execution acts on its own request only. */
        void decided(String id, Decision decision);
    }

    /** The names approvals are saved under in build.xml (see {@link StoredNames}). */
    @Initializer(before = InitMilestone.PLUGINS_STARTED)
    public static void registerStoredNames() {
        StoredNames.register(Map.of("cdp-approvals", ApprovalAction.class, "cdp-approval-request", Request.class));
    }

    public static synchronized ApprovalAction on(Run<?, ?> run) {
        ApprovalAction action = run.getAction(ApprovalAction.class);
        if (action == null) {
            action = new ApprovalAction();
            run.addAction(action);
        }
        return action;
    }

    public synchronized void request(String id, List<String> environments, Set<String> approvers, String requestedBy,
                                     boolean allowSelfApproval) throws IOException {
        // kept as plain mutable collections: Jenkins' class filter refuses to save Java's immutable sets (JEP-200)
        requests.add(new Request(id, new ArrayList<>(environments), new TreeSet<>(approvers), requestedBy,
                allowSelfApproval));
        run.save();
    }

    /** Request {@code id}, while nobody has decided it. */
    public synchronized Optional<Request> pending(String id) {
        return requests.stream().filter(r -> r.id.equals(id) && r.decision == null).findFirst();
    }

    public synchronized boolean isPending(String id) {
        return pending(id).isPresent();
    }

    /** The approval given to request {@code id}, if it was approved: for a step resumed after a restart. */
    public synchronized Optional<Approval> approvalOf(String id) {
        return requests.stream().filter(r -> r.id.equals(id) && r.decision == ApprovalDecision.APPROVED).findFirst()
                .map(r -> new Approval(r.decidedBy, Set.copyOf(r.decidedGroups == null ? List.of() : r.decidedGroups),
                        Instant.parse(r.decidedAt)));
    }

    public synchronized List<Request> getPending() {
        return requests.stream().filter(r -> r.decision == null).toList();
    }

    public synchronized List<Request> getDecided() {
        return requests.stream().filter(r -> r.decision != null).toList();
    }

    /** Attaches what the promotion would change to a pending request, for the approvers. */
    public synchronized void describe(String id, List<String> preview) throws IOException {
        Optional<Request> request = pending(id);
        if (request.isPresent()) {
            request.get().preview = new ArrayList<>(preview);
            run.save();
        }
    }

    /**
     * Withdraws a pending request (the build waiting for it was stopped, or the rules refuse the promotion anyway).
     * False when it was decided first: then the decision stands.
     */
    public synchronized boolean withdraw(String id) throws IOException {
        Optional<Request> request = pending(id);
        if (request.isEmpty()) {
            return false;
        }
        request.get().decision = ApprovalDecision.WITHDRAWN;
        request.get().decidedAt = Instant.now().toString();
        run.save();
        return true;
    }

    @POST
    public synchronized HttpResponse doApprove(@QueryParameter String id) throws IOException {
        return decide(id, true);
    }

    @POST
    public synchronized HttpResponse doReject(@QueryParameter String id) throws IOException {
        return decide(id, false);
    }

    private HttpResponse decide(String id, boolean approve) throws IOException {
        Request request = pending(id).orElse(null);
        if (request == null) {
            return HttpResponses.errorWithoutStack(404, "no pending approval " + id);
        }
        Authentication authentication = Jenkins.getAuthentication2();
        String user = authentication.getName();
        Set<String> groups = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .collect(Collectors.toCollection(HashSet::new));
        // ids as the security realm compares them (most realms ignore case): "Alice" listed is alice logged in
        IdStrategy userIds = Jenkins.get().getSecurityRealm().getUserIdStrategy();
        IdStrategy groupIds = Jenkins.get().getSecurityRealm().getGroupIdStrategy();
        Set<String> matched = request.approvers.stream().filter(approver -> userIds.equals(approver, user)
                || groups.stream().anyMatch(group -> groupIds.equals(approver, group)))
                .collect(Collectors.toCollection(TreeSet::new));
        // the engine checks the approval again, comparing names as written: it is given the entries that matched
        groups.addAll(matched);
        if (matched.isEmpty()) {
            return HttpResponses.errorWithoutStack(403, user + " is not among the approvers of "
                    + String.join(", ", request.environments) + " (" + String.join(", ", request.approvers) + ")");
        }
        if (!request.allowSelfApproval && userIds.equals(user, request.requestedBy)) {
            return HttpResponses.errorWithoutStack(403, user + " started this build and may not approve it too");
        }
        request.decision = approve ? ApprovalDecision.APPROVED : ApprovalDecision.REJECTED;
        request.decidedBy = user;
        request.decidedAt = Instant.now().toString();
        request.decidedGroups = new ArrayList<>(groups);
        run.save();
        deliver(id, approve ? new Decision(new Approval(user, groups, Instant.now()), null) : new Decision(null, user));
        return HttpResponses.redirectToDot();
    }

    /**
     * Hands the decision to this build's waiting steps, found as the input step finds its own: through the build's
     * flow execution, not by a scan of every running Pipeline. A step not loaded yet (just after a restart) reads the
     * saved decision when it resumes.
     */
    private void deliver(String id, Decision decision) {
        FlowExecutionOwner owner = run instanceof FlowExecutionOwner.Executable executable
                ? executable.asFlowExecutionOwner() : null;
        FlowExecution execution = owner == null ? null : owner.getOrNull();
        if (execution == null) {
            LOGGER.warning(() -> "no running Pipeline in " + run + " to tell of the decision on " + id);
            return;
        }
        Futures.addCallback(execution.getCurrentExecutions(true), new FutureCallback<List<StepExecution>>() {
            @Override
            public void onSuccess(List<StepExecution> steps) {
                steps.stream().filter(Waiting.class::isInstance).map(Waiting.class::cast)
                        .forEach(waiting -> waiting.decided(id, decision));
            }

            @Override
            public void onFailure(Throwable failure) {
                LOGGER.log(Level.WARNING, "the steps of " + run + " could not be told of the decision on " + id,
                        failure);
            }
        }, MoreExecutors.directExecutor());
    }

    /** The build, for the page's side panel. */
    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public void onAttached(Run<?, ?> attachedTo) {
        this.run = attachedTo;
    }

    @Override
    public void onLoad(Run<?, ?> loadedFrom) {
        this.run = loadedFrom;
    }

    @Override
    public String getIconFileName() {
        return getPending().isEmpty() ? null : "symbol-cube";
    }

    @Override
    public String getDisplayName() {
        return "Approvals";
    }

    @Override
    public String getUrlName() {
        return "cd-approvals";
    }

    /** One promotion waiting for, or decided by, an approver. */
    public static final class Request {
        private final String id;
        private final List<String> environments;
        private final TreeSet<String> approvers;
        private final String requestedBy;
        private final boolean allowSelfApproval;
        // an enum field reads the names that earlier versions saved as strings ("APPROVED")
        private ApprovalDecision decision;
        private String decidedBy;
        private String decidedAt;
        private List<String> decidedGroups;
        private List<String> preview;

        Request(String id, List<String> environments, TreeSet<String> approvers, String requestedBy,
                boolean allowSelfApproval) {
            this.id = id;
            this.environments = environments;
            this.approvers = approvers;
            this.requestedBy = requestedBy;
            this.allowSelfApproval = allowSelfApproval;
        }

        public String getId() {
            return id;
        }

        public List<String> getEnvironments() {
            return environments;
        }

        public Set<String> getApprovers() {
            return approvers;
        }

        public String getRequestedBy() {
            return requestedBy;
        }

        public ApprovalDecision getDecision() {
            return decision;
        }

        /** The decision in words, for the page: "approved". */
        public String getDecisionText() {
            return decision == null ? "pending" : decision.label();
        }

        public String getDecidedBy() {
            return decidedBy;
        }

        public String getDecidedAt() {
            return decidedAt;
        }

        /** The environments, for the page. */
        public String getEnvironmentsText() {
            return String.join(", ", environments);
        }

        /** The approvers, for the page. */
        public String getApproversText() {
            return String.join(", ", approvers);
        }

        /** What the promotion would change, one line each, as the page shows it. */
        public String getPreviewText() {
            return String.join("\n", getPreview());
        }

        /** What the promotion would change, for the approver to read; empty until it is computed. */
        public List<String> getPreview() {
            return preview == null ? List.of() : preview;
        }
    }
}
