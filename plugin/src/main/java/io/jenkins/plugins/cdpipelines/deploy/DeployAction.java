package io.jenkins.plugins.cdpipelines.deploy;

import hudson.model.Action;
import hudson.model.Item;
import hudson.model.ItemGroup;
import io.cdpipelines.deploy.Actor;
import io.cdpipelines.deploy.DeployActions;
import io.cdpipelines.deploy.DeployRequestException;
import io.cdpipelines.deploy.DeployRequests;
import io.cdpipelines.model.Organization;
import io.jenkins.plugins.cdpipelines.CdPipelinesPermissions;
import io.jenkins.plugins.cdpipelines.config.Organizations;
import io.jenkins.plugins.cdpipelines.engine.CdPipelinesEngine;
import io.jenkins.plugins.cdpipelines.engine.FolderCredentials;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.verb.GET;
import org.kohsuke.stapler.verb.POST;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Deploy page of a project (a folder that attaches pipelines, or a component's job): the deploy view's bundle,
 * mounted as cdp console mounts it, and its JSON endpoints, each mapped onto core's {@link DeployActions} as the
 * signed-in user. Reads need Item/Read; promoting and rolling back the permissions the steps check (Promote, Promote
 * to production); deciding an approval, to be among the environment's approvers (core's rule). Actions are POSTs,
 * which Jenkins' crumb protects.
 */
public class DeployAction implements Action {
    private static final List<String> ASSETS = List.of("deploy-view.js", "deploy-view.css");

    private final Item item;
    private final String project;
    private final ItemGroup<?> credentialsContext;

    DeployAction(Item item, String project, ItemGroup<?> credentialsContext) {
        this.item = item;
        this.project = project;
        this.credentialsContext = credentialsContext;
    }

    /** The project shown, for the page's {@code data-project}. */
    public String getProject() {
        return project;
    }

    /** The endpoints' base, relative to the Jenkins root, for the page's {@code data-api}. */
    public String getApiPath() {
        return item.getUrl() + getUrlName();
    }

    @Override
    public String getIconFileName() {
        return item.hasPermission(Item.READ) ? "symbol-cube" : null;
    }

    @Override
    public String getDisplayName() {
        return "Deploy";
    }

    @Override
    public String getUrlName() {
        return "cd-deploy";
    }

    DeployActions actions() {
        return new DeployActions(CdPipelinesEngine.get().engine(new FolderCredentials(credentialsContext)),
                new RealmApproverMatching());
    }

    /** The signed-in user, with the groups its security realm gives it. */
    static Actor actor() {
        Authentication authentication = Jenkins.getAuthentication2();
        Set<String> groups = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .collect(Collectors.toSet());
        return new Actor(authentication.getName(), groups);
    }

    /** Only this page's project: its endpoints answer for no other. */
    String thisProject(String asked) {
        if (asked != null && !asked.isBlank() && !asked.equals(project)) {
            throw new DeployRequestException(400, "this page shows project " + project + ", not " + asked
                    + ": open the Deploy page of " + asked);
        }
        return project;
    }

    /** Refuses a promotion or rollback into {@code environment} that the user lacks the permission for. */
    private void checkPromote(String environment) {
        Organization organization = Organizations.current();
        CdPipelinesPermissions.refusalToPromote(item, organization, environment).ifPresent(refusal -> {
            throw new DeployRequestException(403, refusal);
        });
    }

    static <T extends Record> T body(StaplerRequest2 req, Class<T> type) {
        try (InputStream in = req.getInputStream()) {
            return DeployRequests.read(req.getContentType(), in, type);
        } catch (IOException e) {
            throw new DeployRequestException(400, "the body could not be read: " + e.getMessage());
        }
    }

    @GET
    public void doMe(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        DeployAnswers.forReaders(item, req, rsp, true, () -> {
            return actions().me(actor());
        });
    }

    @GET
    public void doProjects(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        DeployAnswers.forReaders(item, req, rsp, true, () -> {
            return List.of(project);
        });
    }

    @GET
    public void doView(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        DeployAnswers.forReaders(item, req, rsp, true, () -> {
            return actions().view(thisProject(req.getParameter("project")), req.getParameter("pipeline"));
        });
    }

    @POST
    public void doPreview(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        DeployAnswers.forReaders(item, req, rsp, false, () -> {
            DeployRequests.Preview body = body(req, DeployRequests.Preview.class);
            thisProject(body.project());
            return actions().preview(body, actor());
        });
    }

    @POST
    public void doPromote(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        DeployAnswers.forReaders(item, req, rsp, false, () -> {
            DeployRequests.Promote body = body(req, DeployRequests.Promote.class);
            thisProject(body.project());
            (body.to() == null ? List.<String>of() : body.to()).forEach(this::checkPromote);
            return actions().promote(body, actor());
        });
    }

    @POST
    public void doRollback(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        DeployAnswers.forReaders(item, req, rsp, false, () -> {
            DeployRequests.Rollback body = body(req, DeployRequests.Rollback.class);
            thisProject(body.project());
            checkPromote(DeployRequests.required("environment", body.environment()));
            return actions().rollback(body, actor());
        });
    }

    @GET
    public void doHistory(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        DeployAnswers.forReaders(item, req, rsp, true, () -> {
            return actions().history(thisProject(req.getParameter("project")), req.getParameter("component"),
                    req.getParameter("environment"));
        });
    }

    @GET
    public void doDrift(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        DeployAnswers.forReaders(item, req, rsp, false, () -> {
            return actions().drift(thisProject(req.getParameter("project")), req.getParameter("component"),
                    req.getParameter("environment"));
        });
    }

    /** {@code approvals/}: the waiting requests, and requesting and deciding them. */
    public DeployApprovals getApprovals() {
        return new DeployApprovals(this, item);
    }

    /** The bundle, from the console module's classpath folder; nothing else is served from there. */
    @GET
    public void doStatic(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        item.checkPermission(Item.READ);
        String name = req.getRestOfPath().replaceFirst("^/", "");
        if (!ASSETS.contains(name)) {
            rsp.sendError(404, "no such file: " + name);
            return;
        }
        try (InputStream in = DeployAction.class.getResourceAsStream("/io/cdpipelines/console/static/" + name)) {
            if (in == null) {
                rsp.sendError(404, name + " is not in this build of the plugin");
                return;
            }
            rsp.setContentType(name.endsWith(".js") ? "text/javascript;charset=UTF-8" : "text/css;charset=UTF-8");
            in.transferTo(rsp.getOutputStream());
        }
    }

    String project() {
        return project;
    }
}
