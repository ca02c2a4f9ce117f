package io.jenkins.plugins.cdpipelines.steps;

import hudson.AbortException;
import hudson.model.Run;
import io.cdpipelines.engine.PromotionResult;
import io.cdpipelines.model.Deployment;
import io.jenkins.plugins.cdpipelines.board.EnvironmentHistory;
import io.jenkins.plugins.cdpipelines.build.BuildRecordAction;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code promoteImage} returns and records on its build: each target's deployment (and the automatic restore
 * after a failed one), or its refusal; a refusal or a failure fails the step once all are recorded.
 */
final class PromotionReport {
    private PromotionReport() {
    }

    /** Records the deployments on the build and returns them; a refusal or failure fails the step. */
    static List<Map<String, Object>> of(Run<?, ?> run, List<PromotionResult> results)
            throws Exception {
        List<Map<String, Object>> returned = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (PromotionResult result : results) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("environment", result.environment());
            if (result.deployment().isPresent()) {
                Deployment deployment = result.deployment().get();
                BuildRecordAction.on(run).recordDeployment(deployment);
                item.put("deployment", deployment.id());
                item.put("digest", deployment.image().digest().value());
                item.put("result", deployment.result().name());
                item.put("message", deployment.message());
                item.put("url", EnvironmentHistory.url(deployment.slot().project(), deployment.environment()));
                if (!deployment.succeeded()) {
                    problems.add(result.environment() + ": deployment #" + deployment.id() + " failed: "
                            + deployment.message());
                    if (result.restore().isPresent()) {
                        BuildRecordAction.on(run).recordDeployment(result.restore().get());
                    }
                }
            } else {
                String refusal = result.refusal().orElseThrow().getMessage();
                item.put("result", "REFUSED");
                item.put("message", refusal);
                problems.add(result.environment() + ": " + refusal);
            }
            returned.add(item);
        }
        if (!problems.isEmpty()) {
            throw new AbortException("promoteImage: " + String.join("; ", problems));
        }
        return returned;
    }
}
