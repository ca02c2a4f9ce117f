package io.cdpipelines.manifest;

import io.cdpipelines.model.Names;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The objects of one deployment, in apply order, and their YAML: one file per object, named by kind and name. */
public record RenderedObjects(List<HasMetadata> objects) {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    public RenderedObjects {
        objects = List.copyOf(objects);
        // files are named by kind and name: nothing else may reach a path
        for (HasMetadata object : objects) {
            String name = object.getMetadata() == null ? null : object.getMetadata().getName();
            Names.require("manifests", name, Names.kubernetesObjectProblem(object.getKind(), name));
        }
    }

    /** File name → YAML, in apply order: {@code deployment-cart.yaml}. */
    public Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        for (HasMetadata object : objects) {
            files.put(object.getKind().toLowerCase(Locale.ROOT) + "-" + object.getMetadata().getName() + ".yaml",
                    SERIALIZATION.asYaml(object));
        }
        return files;
    }

    /** All objects as one multi-document YAML. */
    public String yaml() {
        return objects.stream().map(SERIALIZATION::asYaml).collect(Collectors.joining());
    }
}
