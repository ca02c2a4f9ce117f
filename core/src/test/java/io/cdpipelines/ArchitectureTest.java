package io.cdpipelines;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Keeps core free of Jenkins and its packages layered one way (see {@link #packagesDependOneWay()}). */
class ArchitectureTest {
    private static JavaClasses core;

    @BeforeAll
    static void importCore() {
        core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.cdpipelines");
    }

    @Test
    void coreKnowsNothingOfJenkins() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("hudson..", "jenkins..", "org.kohsuke..",
                "io.jenkins..", "org.jenkinsci..").check(core);
    }

    /**
     * model ← ledger ← promotion (the rules read the ledger; the ledger decides nothing) ← engine, and ← view (the
     * deploy view asks the rules as a promotion would, and no driver) ← deploy (the view's actions, through the
     * engine; what every host serves); model ← driver (the
     * drivers' interface) ← manifest (what both drivers render) ← kubernetes, gitops, which nothing in core names: the
     * engine knows a driver only through {@code driver}, and neither driver reaches into the other.
     */
    @Test
    void packagesDependOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Model").definedBy("io.cdpipelines.model..")
                .layer("Ledger").definedBy("io.cdpipelines.ledger..")
                .layer("Rules").definedBy("io.cdpipelines.promotion..")
                .layer("Configuration").definedBy("io.cdpipelines.config..")
                .layer("Driver interface").definedBy("io.cdpipelines.driver..")
                .layer("Manifests").definedBy("io.cdpipelines.manifest..")
                .layer("Kubernetes").definedBy("io.cdpipelines.kubernetes..")
                .layer("GitOps").definedBy("io.cdpipelines.gitops..")
                .layer("Engine").definedBy("io.cdpipelines.engine..")
                .layer("View").definedBy("io.cdpipelines.view..")
                .layer("Deploy actions").definedBy("io.cdpipelines.deploy..")
                .whereLayer("Engine").mayOnlyBeAccessedByLayers("Deploy actions")
                .whereLayer("View").mayOnlyBeAccessedByLayers("Deploy actions")
                .whereLayer("Deploy actions").mayNotBeAccessedByAnyLayer()
                .whereLayer("Kubernetes").mayNotBeAccessedByAnyLayer()
                .whereLayer("GitOps").mayNotBeAccessedByAnyLayer()
                .whereLayer("Manifests").mayOnlyBeAccessedByLayers("Kubernetes", "GitOps", "Engine")
                .whereLayer("Driver interface").mayOnlyBeAccessedByLayers("Manifests", "Kubernetes", "GitOps", "Engine")
                .whereLayer("Rules").mayOnlyBeAccessedByLayers("Engine", "View", "Deploy actions")
                .whereLayer("Ledger").mayOnlyBeAccessedByLayers("Rules", "Engine", "View", "Deploy actions")
                .whereLayer("Configuration").mayNotBeAccessedByAnyLayer()
                .check(core);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.cdpipelines.(*)..").should().beFreeOfCycles().check(core);
    }
}
