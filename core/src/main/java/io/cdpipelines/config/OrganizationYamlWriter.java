package io.cdpipelines.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cdpipelines.model.CdPipeline;
import io.cdpipelines.model.Configuration;
import io.cdpipelines.model.DataPlane;
import io.cdpipelines.model.Environment;
import io.cdpipelines.model.GitOpsDataPlane;
import io.cdpipelines.model.KubernetesDataPlane;
import io.cdpipelines.model.OrganizationSpec;
import io.cdpipelines.model.Project;
import io.cdpipelines.model.PromotionPath;
import io.cdpipelines.model.Protection;
import java.io.UncheckedIOException;

/** Writes an organization as the YAML that {@link OrganizationYaml} reads, in the JCasC export shape. */
final class OrganizationYamlWriter {
    private OrganizationYamlWriter() {
    }

    /** The organization as YAML under {@code unclassified: cdPipelines:}, the JCasC export shape. */
    static String write(OrganizationSpec spec, ObjectMapper yaml) {
        ObjectNode root = yaml.createObjectNode();
        ObjectNode body = root.putObject("unclassified").putObject("cdPipelines");
        ArrayNode planes = body.putArray("dataPlanes");
        for (DataPlane plane : spec.dataPlanes()) {
            if (plane instanceof KubernetesDataPlane k) {
                ObjectNode n = planes.addObject().putObject("kubernetes");
                put(n, "name", k.name());
                put(n, "serverUrl", k.serverUrl());
                put(n, "caCertificate", k.caCertificate());
                put(n, "credentialsId", k.credentialsId());
                put(n, "kubeconfigCredentialsId", k.kubeconfigCredentialsId());
                put(n, "context", k.context());
                put(n, "defaultNamespace", k.defaultNamespace());
            } else if (plane instanceof GitOpsDataPlane g) {
                ObjectNode n = planes.addObject().putObject("gitops");
                put(n, "name", g.name());
                put(n, "repository", g.repository());
                put(n, "branch", g.branch());
                put(n, "pathPrefix", g.pathPrefix().isEmpty() ? null : g.pathPrefix());
                put(n, "credentialsId", g.credentialsId());
            }
        }
        ArrayNode environments = body.putArray("environments");
        for (Environment e : spec.environments()) {
            ObjectNode n = environments.addObject();
            put(n, "name", e.name());
            put(n, "displayName", e.displayName().equals(e.name()) ? null : e.displayName());
            put(n, "dataPlane", e.dataPlane());
            put(n, "namespace", e.namespace());
            if (e.production()) {
                n.put("production", true);
            }
            if (e.createNamespace()) {
                n.put("createNamespace", true);
            }
            if (!e.rollbackOnFailure()) {
                n.put("rollbackOnFailure", false);
            }
            if (!e.configuration().isEmpty()) {
                writeConfiguration(n.putObject("configuration"), e.configuration());
            }
            Protection p = e.protection();
            if (!p.equals(Protection.NONE)) {
                ObjectNode protection = n.putObject("protection");
                protection.put("approvalRequired", p.approvalRequired());
                p.approvers().stream().sorted().forEach(protection.putArray("approvers")::add);
                protection.put("allowSelfApproval", p.allowSelfApproval());
                if (!p.minimumSoak().isZero()) {
                    protection.put("minimumSoak", p.minimumSoak().toString());
                }
            }
        }
        ArrayNode pipelines = body.putArray("pipelines");
        for (CdPipeline p : spec.pipelines()) {
            ObjectNode n = pipelines.addObject();
            put(n, "name", p.name());
            put(n, "description", p.description().isEmpty() ? null : p.description());
            if (p.declaredAsChain()) {
                p.chain().forEach(n.putArray("environments")::add);
            } else {
                ArrayNode paths = n.putArray("paths");
                for (PromotionPath path : p.paths()) {
                    ObjectNode edge = paths.addObject();
                    edge.put("from", path.source());
                    path.targets().forEach(edge.putArray("to")::add);
                }
            }
            if (!p.allSourcesRequired().isEmpty()) {
                p.allSourcesRequired().stream().sorted().forEach(n.putArray("allSourcesRequired")::add);
            }
        }
        put(body, "defaultPipeline", spec.defaultPipeline());
        ArrayNode projects = body.putArray("projects");
        for (Project p : spec.projects()) {
            ObjectNode n = projects.addObject();
            n.put("path", p.path());
            p.attachment().ifPresent(a -> {
                a.pipelines().forEach(n.putArray("pipelines")::add);
                n.put("defaultPipeline", a.defaultPipeline());
            });
            if (!p.environments().isEmpty()) {
                ArrayNode envs = n.putArray("environments");
                p.environments().forEach((name, configuration) -> {
                    ObjectNode env = envs.addObject();
                    env.put("name", name);
                    writeConfiguration(env, configuration);
                });
            }
        }
        try {
            return yaml.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeConfiguration(ObjectNode node, Configuration configuration) {
        if (!configuration.variables().isEmpty()) {
            ArrayNode list = node.putArray("variables");
            configuration.variables().forEach((k, v) -> list.addObject().put("name", k).put("value", v));
        }
        if (!configuration.files().isEmpty()) {
            ArrayNode list = node.putArray("files");
            configuration.files().forEach((k, v) -> list.addObject().put("path", k).put("content", v));
        }
        if (!configuration.secrets().isEmpty()) {
            ArrayNode list = node.putArray("secrets");
            configuration.secrets().forEach((k, v) -> list.addObject().put("name", k).put("credentialsId",
                    v.credentialsId()));
        }
    }

    private static void put(ObjectNode node, String key, String value) {
        if (value != null && !value.isEmpty()) {
            node.put(key, value);
        }
    }
}
