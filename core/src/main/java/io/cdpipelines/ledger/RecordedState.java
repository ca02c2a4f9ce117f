package io.cdpipelines.ledger;

import io.cdpipelines.model.SlotState;
import io.cdpipelines.model.Slot;
import io.cdpipelines.model.ImageDigest;
import io.cdpipelines.model.Release;

import java.util.Optional;

/** What the rules need to know of the past: recorded releases and what each environment runs. The ledger answers. */
public interface RecordedState {

    Optional<Release> release(String project, String component, String revision);

    /** The earliest recorded release of this component with that digest. */
    Optional<Release> releaseWithDigest(String project, String component, ImageDigest digest);

    SlotState stateOf(Slot key);

    /** The data plane an environment was last deployed to, if it ever was. */
    Optional<String> dataPlaneUsedBy(String environment);
}
