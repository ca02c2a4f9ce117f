package io.cdpipelines.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.Release;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** How results are printed: aligned tables for people, JSON for scripts; the records' JSON view lives here. */
final class Output {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    /** The two formats. */
    enum Format { TEXT, JSON }

    private final Format format;
    private final PrintWriter out;

    Output(Format format, PrintWriter out) {
        this.format = format;
        this.out = out;
    }

    boolean json() {
        return format == Format.JSON;
    }

    /** A line for people; in JSON mode it goes to stderr so that stdout stays parseable. */
    void progress(String line) {
        if (json()) {
            System.err.println(line);
        } else {
            out.println(line);
            out.flush();
        }
    }

    void json(Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Prints rows under headers with columns aligned. */
    void table(List<String> headers, List<List<String>> rows) {
        int[] widths = new int[headers.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(headers);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        for (List<String> row : all) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i + 1 == row.size() ? row.get(i) : String.format("%-" + widths[i] + "s  ", row.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
        out.flush();
    }

    void deployments(List<Deployment> deployments) {
        if (json()) {
            json(deployments.stream().map(Output::view).toList());
            return;
        }
        table(List.of("#", "PROJECT", "COMPONENT", "ENVIRONMENT", "KIND", "RESULT", "DIGEST", "REVISION", "WHEN", "BY"),
                deployments.stream().map(d -> List.of(Long.toString(d.id()), d.slot().project(), d.slot().component(),
                        d.environment(), d.kind().name().toLowerCase(java.util.Locale.ROOT),
                        d.result().name().toLowerCase(java.util.Locale.ROOT), d.image().digest().shortForm(),
                        d.revision(), when(d.finishedAt() != null ? d.finishedAt() : d.startedAt()),
                        d.requestedBy())).toList());
    }

    /** {@code 1 project}, {@code 3 projects}. */
    static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    static String when(Instant instant) {
        return instant == null ? "" : WHEN.format(instant);
    }

    static Map<String, Object> view(Deployment d) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", d.id());
        view.put("project", d.slot().project());
        view.put("component", d.slot().component());
        view.put("environment", d.environment());
        view.put("dataPlane", d.dataPlane());
        view.put("pipeline", d.pipeline());
        view.put("source", d.sourceEnvironment());
        view.put("kind", d.kind().name());
        boolean retirement = d.kind() == io.cdpipelines.model.DeploymentKind.RETIREMENT;
        view.put("restores", retirement ? null : d.restores());
        if (retirement) {
            view.put("retires", d.restores());
        }
        view.put("revision", d.revision());
        view.put("image", d.image().toString());
        view.put("digest", d.image().digest().value());
        view.put("result", d.result().name());
        view.put("trigger", d.trigger().name());
        view.put("requestedBy", d.requestedBy());
        view.put("approvedBy", d.approvedBy());
        view.put("build", d.buildReference());
        view.put("startedAt", String.valueOf(d.startedAt()));
        view.put("finishedAt", d.finishedAt() == null ? null : d.finishedAt().toString());
        view.put("durationMillis", d.duration().map(java.time.Duration::toMillis).orElse(null));
        view.put("message", d.message());
        Map<String, Object> configuration = new LinkedHashMap<>();
        configuration.put("variables", new java.util.TreeMap<>(d.configuration().variables()));
        configuration.put("files", new java.util.TreeSet<>(d.configuration().files().keySet()));
        Map<String, String> secrets = new java.util.TreeMap<>();
        d.configuration().secrets().forEach((name, ref) -> secrets.put(name, ref.credentialsId()));
        configuration.put("secrets", secrets);
        configuration.put("secretsHash", d.configuration().secretsHash());
        view.put("configuration", configuration);
        return view;
    }

    static Map<String, Object> view(Release r) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("project", r.project());
        view.put("component", r.component());
        view.put("revision", r.revision());
        view.put("image", r.image().toString());
        view.put("digest", r.digest().value());
        view.put("build", r.buildReference());
        view.put("recordedAt", r.recordedAt().toString());
        view.put("recordedBy", r.recordedBy());
        view.put("manifests", !r.workload().generated());
        view.put("port", r.workload().port());
        view.put("replicas", r.workload().replicas());
        return view;
    }
}
