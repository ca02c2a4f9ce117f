package io.cdpipelines.manifest;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvFromSourceBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How configuration reaches the component's containers: envFrom for variables and secrets, mounts for files. */
record ConfigurationWiring(Optional<String> variables, Optional<String> secrets, Optional<String> files,
                           Map<String, String> fileKeys) {

    private static final String FILES_VOLUME = "cd-pipelines-files";

    void into(PodTemplateSpec template) {
        for (Container container : template.getSpec().getContainers()) {
            List<EnvFromSource> envFrom = new ArrayList<>(container.getEnvFrom() == null ? List.of()
                    : container.getEnvFrom());
            variables.ifPresent(name -> envFrom.add(new EnvFromSourceBuilder().withNewConfigMapRef()
                    .withName(name).endConfigMapRef().build()));
            secrets.ifPresent(name -> envFrom.add(new EnvFromSourceBuilder().withNewSecretRef()
                    .withName(name).endSecretRef().build()));
            container.setEnvFrom(envFrom);
            if (files.isPresent()) {
                List<VolumeMount> mounts = new ArrayList<>(container.getVolumeMounts() == null ? List.of()
                        : container.getVolumeMounts());
                fileKeys.forEach((path, key) -> mounts.add(new VolumeMountBuilder().withName(FILES_VOLUME)
                        .withMountPath(path).withSubPath(key).withReadOnly(true).build()));
                container.setVolumeMounts(mounts);
            }
        }
        files.ifPresent(name -> {
            var volumes = new ArrayList<>(template.getSpec().getVolumes() == null ? List.of()
                    : template.getSpec().getVolumes());
            volumes.add(new VolumeBuilder().withName(FILES_VOLUME).withNewConfigMap().withName(name)
                    .endConfigMap().build());
            template.getSpec().setVolumes(volumes);
        });
    }
}
