package io.cdpipelines.ledger;

import io.cdpipelines.model.Slot;
import io.cdpipelines.model.SlotState;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of recently used slots (current deployment and last attempt), kept in memory so that the rules read it
 * without a query. This process's commits forget the slots they change; a commit of another process clears it all
 * (each backend notices those its own way).
 */
final class SlotStates {
    private static final int CACHED_SLOTS = 10_000;

    private final Map<Slot, SlotState> states = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Slot, SlotState> eldest) {
            return size() > CACHED_SLOTS;
        }
    };

    /** Loads a slot's state from the tables. */
    @FunctionalInterface
    interface Loader {
        SlotState load(Slot key) throws java.sql.SQLException;
    }

    synchronized SlotState get(Slot key, Loader loader) throws java.sql.SQLException {
        SlotState cached = states.get(key);
        if (cached != null) {
            return cached;
        }
        SlotState state = loader.load(key);
        states.put(key, state);
        return state;
    }

    synchronized void forget(Slot key) {
        states.remove(key);
    }

    synchronized void clear() {
        states.clear();
    }
}
