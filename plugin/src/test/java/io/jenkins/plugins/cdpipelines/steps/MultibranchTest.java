package io.jenkins.plugins.cdpipelines.steps;

import com.cloudbees.hudson.plugins.folder.Folder;
import hudson.ExtensionList;
import hudson.model.ItemGroup;
import hudson.model.TopLevelItem;
import io.cdpipelines.model.Slot;
import io.jenkins.plugins.cdpipelines.engine.CdPipelinesEngine;
import io.jenkins.plugins.cdpipelines.folder.CdPipelinesFolderProperty;
import jenkins.scm.api.SCMSource;
import jenkins.scm.api.SCMSourceOwner;
import org.jenkinsci.plugins.workflow.cps.CpsFlowDefinition;
import org.jenkinsci.plugins.workflow.job.WorkflowJob;
import org.jenkinsci.plugins.workflow.job.WorkflowRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jvnet.hudson.test.JenkinsRule;
import org.jvnet.hudson.test.TestExtension;
import org.jvnet.hudson.test.junit.jupiter.WithJenkins;

import java.io.File;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A branch of a multibranch project deploys the multibranch project, as a component of the folder around it. */
@WithJenkins
class MultibranchTest {
    private static final String IMAGE = "registry.example.com/shop/cart@sha256:" + "4f3c2b1a".repeat(8);

    @TempDir
    File repository;

    /** Stands for a multibranch project: a folder that owns SCM sources and holds a job per branch. */
    public static class BranchProject extends Folder implements SCMSourceOwner {
        public BranchProject(ItemGroup parent, String name) {
            super(parent, name);
        }

        @Override
        public List<SCMSource> getSCMSources() {
            return List.of();
        }

        @Override
        public void onSCMSourceUpdated(SCMSource source) {
            // no sources
        }

        /** Makes the test's multibranch stand-in creatable. */
        @TestExtension
        public static class DescriptorImpl extends Folder.DescriptorImpl {
            @Override
            public TopLevelItem newInstance(ItemGroup parent, String name) {
                return new BranchProject(parent, name);
            }
        }
    }

    @Test
    void branchJobDeploysTheMultibranchProjectAsItsComponent(JenkinsRule r) throws Exception {
        Folder shop = StepsTest.gitOpsShop(r, repository);
        BranchProject cart = shop.createProject(BranchProject.class, "cart");
        WorkflowJob main = cart.createProject(WorkflowJob.class, "main");
        main.setDefinition(new CpsFlowDefinition("""
                recordImage image: '%s', revision: 'r1'
                promoteImage to: 'dev'
                """.formatted(IMAGE), true));
        WorkflowRun build = r.buildAndAssertSuccess(main);
        r.assertLogContains("recordImage: shop/cart r1 = " + IMAGE, build);
        assertTrue(CdPipelinesEngine.get().ledger().current(new Slot("shop", "cart", "dev")).isPresent());

        var property = ExtensionList.lookupSingleton(CdPipelinesFolderProperty.DescriptorImpl.class);
        assertFalse(property.isApplicable(BranchProject.class));
        assertTrue(property.isApplicable(Folder.class));
    }
}
