package io.cdpipelines;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** Keeps core free of Jenkins and its packages layered one way: model ← rules ← drivers and ledger ← engine. */
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

    @Test
    void packagesDependOneWay() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("Model").definedBy("io.cdpipelines.model..")
                .layer("Rules").definedBy("io.cdpipelines.promotion..")
                .layer("Configuration").definedBy("io.cdpipelines.config..")
                .layer("Drivers").definedBy("io.cdpipelines.driver..", "io.cdpipelines.kubernetes..",
                        "io.cdpipelines.gitops..")
                .layer("Ledger").definedBy("io.cdpipelines.ledger..")
                .layer("Engine").definedBy("io.cdpipelines.engine..")
                .whereLayer("Engine").mayNotBeAccessedByAnyLayer()
                .whereLayer("Ledger").mayOnlyBeAccessedByLayers("Engine")
                .whereLayer("Drivers").mayOnlyBeAccessedByLayers("Engine")
                .whereLayer("Configuration").mayOnlyBeAccessedByLayers("Engine")
                .whereLayer("Rules").mayOnlyBeAccessedByLayers("Ledger", "Drivers", "Engine")
                .check(core);
    }

    @Test
    void noPackageCycles() {
        slices().matching("io.cdpipelines.(*)..").should().beFreeOfCycles().check(core);
    }
}
