package io.jenkins.plugins.cdpipelines.board;

import io.cdpipelines.model.Deployment;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.export.Exported;
import org.kohsuke.stapler.export.ExportedBean;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** One deployment as the board shows it. */
@ExportedBean(defaultVisibility = 2)
public final class BoardEntry {
    private final Deployment deployment;

    BoardEntry(Deployment deployment) {
        this.deployment = deployment;
    }

    @Exported
    public long getNumber() {
        return deployment.id();
    }

    @Exported
    public String getProject() {
        return deployment.slot().project();
    }

    @Exported
    public String getComponent() {
        return deployment.slot().component();
    }

    @Exported
    public String getEnvironment() {
        return deployment.environment();
    }

    @Exported
    public String getDigest() {
        return deployment.image().digest().value();
    }

    public String getShortDigest() {
        return deployment.image().digest().shortForm();
    }

    @Exported
    public String getRevision() {
        return deployment.revision();
    }

    @Exported
    public String getResult() {
        return deployment.result().name();
    }

    @Exported
    public String getKind() {
        return deployment.kind().name();
    }

    @Exported
    public String getMessage() {
        return deployment.message();
    }

    @Exported
    public String getRequestedBy() {
        return deployment.requestedBy();
    }

    @Exported
    public String getWhen() {
        return String.valueOf(deployment.finishedAt() != null ? deployment.finishedAt() : deployment.startedAt());
    }

    /** How long ago, for the page (the exact time is {@link #getWhen}). */
    public String getAgo() {
        var at = deployment.finishedAt() != null ? deployment.finishedAt() : deployment.startedAt();
        long minutes = java.time.Duration.between(at, java.time.Instant.now()).toMinutes();
        // the largest unit only: a board is read at a glance
        return minutes < 1 ? "just now" : minutes < 60 ? minutes + " min ago" : minutes < 48 * 60
                ? minutes / 60 + " h ago" : minutes / (24 * 60) + " days ago";
    }

    /** The build that made it as people name it ({@code shop » cart #1}). */
    public String getBuildName() {
        return buildName(deployment.buildReference());
    }

    /**
     * {@code shop/my cart#1} (an externalizable id, as builds are recorded) or {@code job/shop/job/my%20cart/1/}
     * (a build URL, as earlier versions recorded them) as {@code shop » my cart #1}; anything else as it is.
     */
    static String buildName(String reference) {
        if (reference == null || reference.isBlank()) {
            return "";
        }
        int hash = reference.lastIndexOf('#');
        if (!reference.startsWith("job/") && hash > 0 && reference.substring(hash + 1).matches("\\d+")) {
            return reference.substring(0, hash).replace("/", " » ") + " #" + reference.substring(hash + 1);
        }
        String[] parts = reference.replaceAll("/+$", "").split("/");
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            if (parts[i].equals("job") && i + 1 < parts.length) {
                // job names are URL-encoded in build URLs (a space is %20, a '+' stays '+')
                String job = URLDecoder.decode(parts[++i].replace("+", "%2B"), StandardCharsets.UTF_8);
                name.append(name.isEmpty() ? "" : " » ").append(job);
            } else if (parts[i].matches("\\d+")) {
                name.append(" #").append(parts[i]);
            }
        }
        return name.isEmpty() ? reference : name.toString();
    }

    /** The build that made it, relative to the Jenkins root URL. */
    @Exported
    public String getBuild() {
        return buildUrl(deployment.buildReference());
    }

    /**
     * Where the build is now, found by its externalizable id (a build URL an earlier version recorded is taken as
     * it is); null when it is gone, the caller may not see it, or it is no Jenkins build ({@code cdp}).
     */
    static String buildUrl(String reference) {
        if (reference == null || reference.isBlank()) {
            return null;
        }
        if (reference.startsWith("job/")) {
            return reference;
        }
        try {
            hudson.model.Run<?, ?> run = hudson.model.Run.fromExternalizableId(reference);
            return run == null ? null : run.getUrl();
        } catch (IllegalArgumentException | org.springframework.security.access.AccessDeniedException e) {
            return null;
        }
    }
}
