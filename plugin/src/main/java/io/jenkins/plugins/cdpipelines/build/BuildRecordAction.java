package io.jenkins.plugins.cdpipelines.build;

import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.model.Api;
import hudson.model.Run;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.ImageReference;
import io.cdpipelines.model.Release;
import io.jenkins.plugins.cdpipelines.config.StoredNames;
import jenkins.model.RunAction2;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * On a build's page (and in its {@code /api/json}): the release it recorded and every deployment it made, as the
 * ledger numbered them. Only non-secret facts are kept: digests, environments, results, messages.
 */
@ExportedBean
public class BuildRecordAction implements RunAction2 {
    private transient volatile Run<?, ?> run;
    private ReleaseRecord release;
    private final List<DeploymentRecord> deployments = new ArrayList<>();

    /** The names the record is saved under in build.xml (see {@link StoredNames}). */
    @Initializer(before = InitMilestone.PLUGINS_STARTED)
    public static void registerStoredNames() {
        StoredNames.register(Map.of("cdp-build-record", BuildRecordAction.class,
                "cdp-release-record", ReleaseRecord.class, "cdp-deployment-record", DeploymentRecord.class));
    }

    /** The action of {@code run}, attached on first use. */
    public static synchronized BuildRecordAction on(Run<?, ?> run) {
        BuildRecordAction action = run.getAction(BuildRecordAction.class);
        if (action == null) {
            action = new BuildRecordAction();
            run.addAction(action);
        }
        return action;
    }

    public synchronized void recordRelease(Release recorded) throws IOException {
        this.release = new ReleaseRecord(recorded.project(), recorded.component(), recorded.revision(),
                recorded.image().toString());
        run.save();
    }

    public synchronized void recordDeployment(Deployment deployment) throws IOException {
        deployments.add(new DeploymentRecord(deployment.id(), deployment.environment(),
                deployment.slot().component(), deployment.image().toString(), deployment.kind().name(),
                deployment.result().name(), deployment.message()));
        run.save();
    }

    @Exported
    public ReleaseRecord getRelease() {
        return release;
    }

    @Exported
    public synchronized List<DeploymentRecord> getDeployments() {
        return List.copyOf(deployments);
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
        return "symbol-cube";
    }

    @Override
    public String getDisplayName() {
        return "Deployments";
    }

    @Override
    public String getUrlName() {
        return "cd-pipelines";
    }

    /** {@code cd-pipelines/api/json}: the release and the deployments. */
    public Api getApi() {
        return new Api(this);
    }

    /** The release a build recorded. */
    @ExportedBean(defaultVisibility = 2)
    public static final class ReleaseRecord {
        private final String project;
        private final String component;
        private final String revision;
        private final String image;

        ReleaseRecord(String project, String component, String revision, String image) {
            this.project = project;
            this.component = component;
            this.revision = revision;
            this.image = image;
        }

        @Exported
        public String getProject() {
            return project;
        }

        @Exported
        public String getComponent() {
            return component;
        }

        @Exported
        public String getRevision() {
            return revision;
        }

        @Exported
        public String getImage() {
            return image;
        }
    }

    /** A deployment a build made. */
    @ExportedBean(defaultVisibility = 2)
    public static final class DeploymentRecord {
        private final long number;
        private final String environment;
        private final String component;
        private final String image;
        private final String kind;
        private final String result;
        private final String message;

        DeploymentRecord(long number, String environment, String component, String image, String kind, String result,
                         String message) {
            this.number = number;
            this.environment = environment;
            this.component = component;
            this.image = image;
            this.kind = kind;
            this.result = result;
            this.message = message;
        }

        @Exported
        public long getNumber() {
            return number;
        }

        @Exported
        public String getEnvironment() {
            return environment;
        }

        @Exported
        public String getComponent() {
            return component;
        }

        @Exported
        public String getImage() {
            return image;
        }

        /** The digest's first 12 hex digits, as the boards show it; the page gives the whole image on hover. */
        public String getShortDigest() {
            return ImageReference.parse(image).digest().shortForm();
        }

        @Exported
        public String getKind() {
            return kind;
        }

        @Exported
        public String getResult() {
            return result;
        }

        @Exported
        public String getMessage() {
            return message;
        }
    }
}
