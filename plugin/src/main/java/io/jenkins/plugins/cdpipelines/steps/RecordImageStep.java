package io.jenkins.plugins.cdpipelines.steps;

import hudson.Util;
import hudson.AbortException;
import hudson.EnvVars;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.cdpipelines.model.ImageDigest;
import io.cdpipelines.model.ImageReference;
import io.cdpipelines.model.InputLimits;
import io.cdpipelines.model.Release;
import io.cdpipelines.model.Workload;
import io.jenkins.plugins.cdpipelines.engine.CdPipelinesEngine;
import io.jenkins.plugins.cdpipelines.engine.RunCredentials;
import io.jenkins.plugins.cdpipelines.build.BuildRecordAction;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

import java.io.InputStream;
import java.io.Serial;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code recordImage}: records the image this build made, by digest, as the release of the build's revision. The
 * digest comes with the image ({@code repo@sha256:...}), as {@code digest}, or from {@code digestFile} (what
 * {@code docker build --iidfile} or {@code --metadata-file} writes). Returns the release as a map.
 */
public class RecordImageStep extends Step {

    private final String image;
    private String digest;
    private String digestFile;
    private String component;
    private String revision;
    private String manifests;
    private Integer port;
    private int replicas = 1;

    @DataBoundConstructor
    public RecordImageStep(String image) {
        this.image = image;
    }

    public String getImage() {
        return image;
    }

    public String getDigest() {
        return digest;
    }

    @DataBoundSetter
    public void setDigest(String digest) {
        this.digest = Util.fixEmptyAndTrim(digest);
    }

    public String getDigestFile() {
        return digestFile;
    }

    @DataBoundSetter
    public void setDigestFile(String digestFile) {
        this.digestFile = Util.fixEmptyAndTrim(digestFile);
    }

    public String getComponent() {
        return component;
    }

    @DataBoundSetter
    public void setComponent(String component) {
        this.component = Util.fixEmptyAndTrim(component);
    }

    public String getRevision() {
        return revision;
    }

    @DataBoundSetter
    public void setRevision(String revision) {
        this.revision = Util.fixEmptyAndTrim(revision);
    }

    public String getManifests() {
        return manifests;
    }

    @DataBoundSetter
    public void setManifests(String manifests) {
        this.manifests = Util.fixEmptyAndTrim(manifests);
    }

    public Integer getPort() {
        return port;
    }

    @DataBoundSetter
    public void setPort(Integer port) {
        this.port = port;
    }

    public int getReplicas() {
        return replicas;
    }

    @DataBoundSetter
    public void setReplicas(int replicas) {
        this.replicas = replicas;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, this);
    }

    /** Runs off the CPS thread; recording is one short ledger write. */
    static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        @Serial
        private static final long serialVersionUID = 1L;
        private final transient RecordImageStep step;

        Execution(StepContext context, RecordImageStep step) {
            super(context);
            this.step = step;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            try {
                return record();
            } catch (RuntimeException e) {
                throw StepFailure.readable(e);
            }
        }

        private Map<String, Object> record() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            JobCoordinates job = JobCoordinates.of(run, getContext().get(EnvVars.class), step.component,
                    step.revision);
            if (job.revision() == null) {
                throw new AbortException("recordImage: no revision: this build has neither GIT_COMMIT nor a branch "
                        + "revision; give revision: the commit or tag the image was built from (in a scripted "
                        + "Pipeline: def scm = checkout scm, then revision: scm.GIT_COMMIT)");
            }
            ImageReference reference = reference(step.image, digestText());
            Workload workload = new Workload(step.manifests == null ? null : readWorkspaceFile("manifests", step.manifests, InputLimits.MANIFESTS_BYTES),
                    step.port, step.replicas);
            Release release = CdPipelinesEngine.get().engine(new RunCredentials(run)).recordRelease(job.project(),
                    job.component(), job.revision(), reference, workload, job.buildReference(), job.requestedBy());
            listener.getLogger().println("recordImage: " + release.project() + "/" + release.component() + " "
                    + release.revision() + " = " + release.image());
            BuildRecordAction.on(run).recordRelease(release);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("project", release.project());
            result.put("component", release.component());
            result.put("revision", release.revision());
            result.put("image", release.image().toString());
            result.put("digest", release.digest().value());
            return result;
        }

        private String digestText() throws Exception {
            if (step.digest != null && !step.digest.isBlank()) {
                return step.digest.trim();
            }
            if (step.digestFile == null || step.digestFile.isBlank()) {
                return null;
            }
            return ImageDigest.fromBuildOutput(readWorkspaceFile("digestFile", step.digestFile, InputLimits.DIGEST_FILE_BYTES)).map(ImageDigest::value)
                    .orElseThrow(() -> new AbortException("recordImage: " + step.digestFile
                            + " holds no sha256 digest; give the file docker build --iidfile or --metadata-file wrote"));
        }

        /** A file of the workspace, read only up to {@code maxBytes}: a larger one is refused, not read. */
        private String readWorkspaceFile(String field, String path, int maxBytes) throws Exception {
            FilePath workspace = getContext().get(FilePath.class);
            if (workspace == null) {
                throw new AbortException("recordImage: reading " + path + " needs a workspace: call it inside node");
            }
            FilePath file = workspace.child(path);
            if (!file.exists()) {
                throw new AbortException("recordImage: " + path + " does not exist in the workspace");
            }
            try (InputStream in = file.read()) {
                return new String(InputLimits.readBytes(field, path, in, maxBytes), StandardCharsets.UTF_8);
            }
        }

        private static ImageReference reference(String image, String digest) {
            return digest == null ? ImageReference.parse(image) : ImageReference.of(image, ImageDigest.of(digest));
        }
    }

    /** {@code recordImage} in the Snippet Generator. */
    @Extension
    @Symbol("recordImage")
    public static class DescriptorImpl extends CdStepDescriptor {
        public DescriptorImpl() {
            super("recordImage", "Record the image built once, by digest");
        }
    }
}
