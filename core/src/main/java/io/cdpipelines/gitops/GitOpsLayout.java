package io.cdpipelines.gitops;

import io.cdpipelines.model.Deployment;
import io.cdpipelines.model.GitOpsDataPlane;

import java.util.LinkedHashMap;
import java.util.Map;

/** Where a deployment's files go in a GitOps repository, and the kustomization that lists them. */
final class GitOpsLayout {
    static final String KUSTOMIZATION = "kustomization.yaml";

    private GitOpsLayout() {
    }

    /** {@code <prefix>/<environment>/<project>/<component>}; a nested project keeps its folders. */
    static String folderOf(GitOpsDataPlane plane, Deployment deployment) {
        String prefix = plane.pathPrefix().replaceAll("^/+|/+$", "");
        String folder = deployment.environment() + "/" + deployment.slot().project() + "/" + deployment.slot().component();
        return prefix.isEmpty() ? folder : prefix + "/" + folder;
    }

    static Map<String, String> withKustomization(Map<String, String> files) {
        StringBuilder kustomization = new StringBuilder("apiVersion: kustomize.config.k8s.io/v1beta1\n"
                + "kind: Kustomization\nresources:\n");
        files.keySet().forEach(file -> kustomization.append("  - ").append(file).append('\n'));
        Map<String, String> all = new LinkedHashMap<>(files);
        all.put(KUSTOMIZATION, kustomization.toString());
        return all;
    }
}
