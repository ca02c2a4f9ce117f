package io.cdpipelines.view;

import io.cdpipelines.ledger.Ledger;
import io.cdpipelines.ledger.RecordedState;
import io.cdpipelines.model.ImageDigest;
import io.cdpipelines.model.Release;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.SlotState;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one view asks of the ledger, each release and each environment's data plane asked once: the rules look a
 * release up by digest for every environment that runs it (a component mostly runs one release in several), and the
 * data plane an environment last used for every slot in it; and each slot's state once (the rules ask for a source's
 * state again for every target it feeds), so that one view reads one moment of the ledger.
 */
final class ViewState implements RecordedState {
    private final Ledger ledger;
    private final Map<List<Object>, Optional<Release>> releases = new HashMap<>();
    private final Map<String, Optional<String>> dataPlanes = new HashMap<>();
    private final Map<Slot, SlotState> states = new HashMap<>();

    ViewState(Ledger ledger) {
        this.ledger = ledger;
    }

    @Override
    public Optional<Release> release(String project, String component, String revision) {
        return releases.computeIfAbsent(List.of("revision", project, component, revision),
                key -> ledger.release(project, component, revision));
    }

    @Override
    public Optional<Release> releaseWithDigest(String project, String component, ImageDigest digest) {
        return releases.computeIfAbsent(List.of("digest", project, component, digest.value()),
                key -> ledger.releaseWithDigest(project, component, digest));
    }

    @Override
    public SlotState stateOf(Slot key) {
        return states.computeIfAbsent(key, ledger::stateOf);
    }

    @Override
    public Optional<String> dataPlaneUsedBy(String environment) {
        return dataPlanes.computeIfAbsent(environment, ledger::dataPlaneUsedBy);
    }

    /** Releases the view read anyway (the component's latest) answer the rules' look-ups too. */
    void know(List<Release> known) {
        for (Release release : known) {
            releases.putIfAbsent(List.of("revision", release.project(), release.component(), release.revision()),
                    Optional.of(release));
        }
    }
}
