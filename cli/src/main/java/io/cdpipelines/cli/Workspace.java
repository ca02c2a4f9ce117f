package io.cdpipelines.cli;

import io.cdpipelines.model.InputLimits;
import io.cdpipelines.config.OrganizationYaml;
import io.cdpipelines.engine.CdEngine;
import io.cdpipelines.gitops.EmbeddedDefault;
import io.cdpipelines.gitops.GitOpsDriver;
import io.cdpipelines.kubernetes.KubernetesClients;
import io.cdpipelines.kubernetes.KubernetesDriver;
import io.cdpipelines.ledger.Ledger;
import io.cdpipelines.ledger.LedgerAddress;
import io.cdpipelines.model.InvalidInputException;
import io.cdpipelines.model.Organization;
import io.cdpipelines.model.OrganizationSpec;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What one {@code cdp} invocation works on: the organization read from the configuration (with the embedded local
 * GitOps data plane when it defines none), the ledger (the data directory's own, or a shared one), and an engine
 * over both.
 */
final class Workspace implements AutoCloseable {
    final Path dataDirectory;
    final Path config;
    final Organization organization;
    final LedgerAddress ledgerAddress;
    final Ledger ledger;
    final CdEngine engine;
    private final KubernetesClients kubernetes;
    private final EnvironmentSecrets secrets;
    private final GitOpsDriver gitops;

    private Workspace(Path dataDirectory, Path config, Organization organization, LedgerAddress ledgerAddress,
                      Ledger ledger) {
        this.dataDirectory = dataDirectory;
        this.ledgerAddress = ledgerAddress;
        this.config = config;
        this.organization = organization;
        this.ledger = ledger;
        this.secrets = new EnvironmentSecrets(dataDirectory);
        this.kubernetes = new KubernetesClients(secrets, Duration.ofSeconds(30));
        this.gitops = new GitOpsDriver(dataDirectory.resolve("clones"), secrets);
        this.engine = builder().build();
    }

    private CdEngine.Builder builder() {
        return CdEngine.builder(organization, ledger).driver(gitops).driver(new KubernetesDriver(kubernetes))
                .secrets(secrets);
    }

    /**
     * The engine for a host that answers people (the console): it waits at most {@code slotWait} for a slot that
     * another deployment holds, then says who holds it, rather than keeping a page waiting for minutes.
     */
    CdEngine engineWaitingAtMost(Duration slotWait) {
        return builder().slotWait(slotWait).build();
    }

    static Workspace open(Cdp options) {
        Path dataDirectory = options.dataDirectory().toAbsolutePath().normalize();
        Organization organization = load(options.config(), dataDirectory);
        LedgerAddress address = options.ledgerAddress();
        Ledger ledger = address.open(options.ledgerCredentials(), options.lockTimeout);
        if (organization.dataPlane(EmbeddedDefault.DATA_PLANE).isPresent()) {
            EmbeddedDefault.ensureRepository(dataDirectory);
        }
        return new Workspace(dataDirectory, options.config(), organization, address, ledger);
    }

    /** Reads and validates the configuration; a missing file is bad input that says how to make one. */
    static Organization load(Path config, Path dataDirectory) {
        if (!Files.isRegularFile(config)) {
            throw new InvalidInputException("config", "no organization configuration at " + config
                    + ": give --config FILE, or run '" + Cdp.invokedAs() + " quickstart' to write a sample");
        }
        String yaml = InputLimits.readText("config", config, InputLimits.CONFIGURATION_BYTES);
        OrganizationSpec spec = OrganizationYaml.read(yaml, config);
        return Organization.of(EmbeddedDefault.apply(spec, dataDirectory));
    }

    @Override
    public void close() {
        kubernetes.close();
        ledger.close();
    }
}
