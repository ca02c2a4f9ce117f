package io.jenkins.plugins.cdpipelines.steps;

import com.cloudbees.hudson.plugins.folder.Folder;
import io.jenkins.plugins.cdpipelines.config.CdPipelinesConfiguration;
import io.jenkins.plugins.cdpipelines.config.DataPlaneConfig;
import io.jenkins.plugins.cdpipelines.config.EnvironmentConfig;
import io.jenkins.plugins.cdpipelines.config.PipelineConfig;
import io.jenkins.plugins.cdpipelines.config.ProtectionConfig;
import io.jenkins.plugins.cdpipelines.folder.CdPipelinesFolderProperty;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jvnet.hudson.test.JenkinsRule;

import java.util.ArrayList;
import java.util.List;

/**
 * The organization most plugin tests deploy in: one data plane, environments dev and staging on it (namespaces
 * {@code shop-dev}, {@code shop-staging}), the pipeline {@code standard} through both as the default, and the folder
 * {@code shop} attaching it.
 */
public final class ShopOrganization {
    private ShopOrganization() {
    }

    /** Configures the organization on {@code plane} and creates the folder {@code shop}. */
    public static Folder on(JenkinsRule r, DataPlaneConfig plane, String planeName) throws Exception {
        CdPipelinesConfiguration configuration = CdPipelinesConfiguration.get();
        configuration.setDataPlanes(List.of(plane));
        List<EnvironmentConfig> environments = new ArrayList<>();
        for (String name : List.of("dev", "staging")) {
            EnvironmentConfig environment = new EnvironmentConfig(name);
            environment.setDataPlane(planeName);
            environment.setNamespace("{project}-" + name);
            environments.add(environment);
        }
        configuration.setEnvironments(environments);
        PipelineConfig standard = new PipelineConfig("standard");
        standard.setEnvironments(List.of("dev", "staging"));
        configuration.setPipelines(List.of(standard));
        configuration.setDefaultPipeline("standard");

        Folder shop = r.jenkins.createProject(Folder.class, "shop");
        CdPipelinesFolderProperty property = new CdPipelinesFolderProperty();
        property.setPipelines(List.of("standard"));
        shop.addProperty(property);
        return shop;
    }

    /** Protects the configured environment {@code name}: a promotion there needs one of {@code approvers}. */
    public static void requireApproval(String name, String... approvers) {
        CdPipelinesConfiguration configuration = CdPipelinesConfiguration.get();
        EnvironmentConfig environment = configuration.getEnvironments().stream()
                .filter(e -> e.getName().equals(name)).findFirst().orElseThrow();
        ProtectionConfig protection = new ProtectionConfig();
        protection.setApprovalRequired(true);
        protection.setApprovers(List.of(approvers));
        environment.setProtection(protection);
        configuration.setEnvironments(configuration.getEnvironments());
    }

    /** The Pipeline job {@code shop/cart} running {@code script}. */
    public static WorkflowJob cart(Folder shop, String script) throws Exception {
        WorkflowJob job = shop.createProject(WorkflowJob.class, "cart");
        job.setDefinition(new CpsFlowDefinition(script, true));
        return job;
    }
}
