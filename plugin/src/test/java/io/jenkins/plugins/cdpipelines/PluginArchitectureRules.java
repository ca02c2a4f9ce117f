package io.jenkins.plugins.cdpipelines;

import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.verb.GET;
import org.kohsuke.stapler.verb.POST;

import java.util.HashSet;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.methods;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The rules jenkinsci/warnings-ng-plugin keeps for its web methods, for this plugin's: every public web method
 * ({@code do*}) declares its verb — actions and every form check and picker POST (a GET from another site cannot
 * trigger them, and the crumb is checked), the Deploy page's reads GET — and every form check, picker and Deploy
 * page endpoint asks for a permission before it answers, so it reveals nothing to one who may not see it. And no package or class depends, through others, on
 * itself.
 */
class PluginArchitectureRules {
    private static final String PLUGIN = "io.jenkins.plugins.cdpipelines";
    /** How deep a web method may delegate before its permission check (a picker to CredentialChoices, say). */
    private static final int DELEGATION_DEPTH = 3;

    private static JavaClasses plugin;

    @BeforeAll
    static void importPlugin() {
        plugin = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(PLUGIN);
    }

    static final ArchRule WEB_METHODS_DECLARE_THEIR_VERB = methods().that().arePublic()
            .and().haveNameMatching("do[A-Z].*")
            .and().areDeclaredInClassesThat().resideInAPackage(PLUGIN + "..")
            .should().beAnnotatedWith(POST.class).orShould().beAnnotatedWith(GET.class)
            .because("a web method that any verb reaches can be triggered by a GET from another site, without the "
                    + "crumb: actions are @POST, reads @GET");

    static final ArchRule FORM_METHODS_ANSWER_POST_ONLY = methods().that().arePublic()
            .and().haveNameMatching("do(Check|Fill)[A-Z].*")
            .and().areDeclaredInClassesThat().resideInAPackage(PLUGIN + "..")
            .should().beAnnotatedWith(POST.class)
            .because("a form check or picker reveals configuration: only POST, with the crumb, may ask it");

    static final ArchRule DEPLOY_PAGE_METHODS_CHECK_A_PERMISSION = methods().that().arePublic()
            .and().haveNameMatching("do[A-Z].*")
            .and().areDeclaredInClassesThat().resideInAPackage(PLUGIN + ".deploy..")
            .should(checkAPermission())
            .because("the Deploy page answers reads and actions of a project: each asks Item/Read at least");

    static final ArchRule FORM_METHODS_CHECK_A_PERMISSION = methods().that().arePublic()
            .and().haveNameMatching("do(Check|Fill)[A-Z].*")
            .and().areDeclaredInClassesThat().resideInAPackage(PLUGIN + "..")
            .should(checkAPermission())
            .because("a form check or picker answers anyone who can reach it: it must not reveal data planes, "
                    + "environments or credentials to one who may not configure them");

    /** Packages depend one way: config (and its ports) ← folder, ledger, approval, build ← engine ← board ← steps. */
    static final ArchRule PACKAGES_ARE_FREE_OF_CYCLES = slices().matching(PLUGIN + ".(*)..").should()
            .beFreeOfCycles();

    /**
     * No class reaches, through others, back to itself (a class counts with its nested classes): where the
     * configuration needs what depends on it, it asks a port (ProjectFolders, RunningDeployments, ConfiguredNames).
     */
    static final ArchRule CLASSES_ARE_FREE_OF_CYCLES = slices().assignedFrom(new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass javaClass) {
            if (!javaClass.getPackageName().startsWith(PLUGIN)) {
                return SliceIdentifier.ignore();
            }
            JavaClass topLevel = javaClass;
            while (topLevel.getEnclosingClass().isPresent()) {
                topLevel = topLevel.getEnclosingClass().get();
            }
            return SliceIdentifier.of(topLevel.getName());
        }

        @Override
        public String getDescription() {
            return "the plugin's classes, each with its nested classes";
        }
    }).should().beFreeOfCycles();

    @Test
    void packagesAreFreeOfCycles() {
        PACKAGES_ARE_FREE_OF_CYCLES.check(plugin);
    }

    @Test
    void classesAreFreeOfCycles() {
        CLASSES_ARE_FREE_OF_CYCLES.check(plugin);
    }

    @Test
    void webMethodsDeclareTheirVerb() {
        WEB_METHODS_DECLARE_THEIR_VERB.check(plugin);
    }

    @Test
    void formChecksAndPickersAnswerPostOnly() {
        FORM_METHODS_ANSWER_POST_ONLY.check(plugin);
    }

    @Test
    void theDeployPageChecksAPermissionOnEveryEndpoint() {
        DEPLOY_PAGE_METHODS_CHECK_A_PERMISSION.check(plugin);
    }

    @Test
    void formChecksAndPickersCheckAPermission() {
        FORM_METHODS_CHECK_A_PERMISSION.check(plugin);
    }

    /** Calls FormPermissions, or hasPermission/checkPermission of Jenkins' API, itself or through the plugin's code. */
    private static ArchCondition<JavaMethod> checkAPermission() {
        return new ArchCondition<>("check a permission (FormPermissions, hasPermission or checkPermission)") {
            @Override
            public void check(JavaMethod method, ConditionEvents events) {
                boolean checks = checksAPermission(method, DELEGATION_DEPTH, new HashSet<>());
                events.add(new SimpleConditionEvent(method, checks, method.getFullName()
                        + (checks ? " checks a permission" : " checks no permission")));
            }
        };
    }

    private static boolean checksAPermission(JavaCodeUnit unit, int depth, Set<String> seen) {
        if (!seen.add(unit.getFullName())) {
            return false;
        }
        for (JavaCall<?> call : unit.getCallsFromSelf()) {
            String owner = call.getTargetOwner().getName();
            String name = call.getName();
            if (owner.equals(PLUGIN + ".config.FormPermissions") || name.equals("hasPermission")
                    || name.equals("hasPermission2") || name.equals("checkPermission")
                    || name.equals("checkAnyPermission")) {
                return true;
            }
            if (depth > 0 && owner.startsWith(PLUGIN + ".")) {
                JavaCodeUnit target = call.getTarget().resolveMember().orElse(null);
                if (target != null && checksAPermission(target, depth - 1, seen)) {
                    return true;
                }
            }
        }
        return false;
    }
}
