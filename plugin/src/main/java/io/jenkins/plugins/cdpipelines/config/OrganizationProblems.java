package io.jenkins.plugins.cdpipelines.config;

import hudson.Extension;
import hudson.model.AdministrativeMonitor;
import io.cdpipelines.ledger.LedgerException;
import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.Problem;
import io.cdpipelines.model.RuleViolationException;
import io.cdpipelines.promotion.EnvironmentRemoval;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Tells administrators when the organization does not hold together (a JCasC import is applied without the form's
 * check; a folder may attach a pipeline that is gone; an environment that still runs something was removed), with
 * every problem and its path.
 */
@Extension
public class OrganizationProblems extends AdministrativeMonitor {
    private static final Logger LOGGER = Logger.getLogger(OrganizationProblems.class.getName());
    /** Checking reads every folder; pages ask often, so the answer is kept for a while. */
    private static final long FRESH_MILLIS = 30_000;
    private volatile List<String> problems = List.of();
    private volatile long checkedAt;

    @Override
    public boolean isActivated() {
        return !getProblems().isEmpty();
    }

    public List<String> getProblems() {
        long now = System.currentTimeMillis();
        if (now - checkedAt > FRESH_MILLIS) {
            problems = check();
            checkedAt = now;
        }
        return problems;
    }

    private static List<String> check() {
        List<String> found = new ArrayList<>();
        ProjectFolders.get().waiting().forEach(path -> found.add("projects: no folder " + path + " exists: create it "
                + "(JCasC applies the entry when it is created), or remove the entry"));
        try {
            // JCasC applies without the form's check: what still runs in an environment it removed is said here
            EnvironmentRemoval.check(Organizations.current(), RunningDeployments.get().current());
        } catch (InvalidInputException e) {
            e.problems().stream().map(Problem::toString).forEach(found::add);
        } catch (RuleViolationException e) {
            found.add(e.getMessage());
        } catch (LedgerException e) {
            // the ledger's own words: where it is, what failed, what to do
            found.add(e.getMessage());
        } catch (RuntimeException e) {
            // an entry JCasC left incomplete, say: shown here, never thrown into every page an administrator opens
            LOGGER.log(Level.WARNING, "the CD Pipelines configuration cannot be read", e);
            found.add("the configuration cannot be read (" + e.getClass().getSimpleName() + "): check each entry has "
                    + "a name, and see the Jenkins log");
        }
        return List.copyOf(found);
    }

    @Override
    public String getDisplayName() {
        return "CD Pipelines configuration problems";
    }
}
