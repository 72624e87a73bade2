package io.kubeaudit.baseline;

import java.util.EnumMap;

/** An account's (or a cluster's) decisive events and the values it has used, per dimension. */
final class Profile {
    final Stats events = new Stats();
    /** The requests it made as someone else (as the caller U): how long and how much it has impersonated. */
    final Stats impersonations = new Stats();
    final EnumMap<Dimension, Values> dimensions = new EnumMap<>(Dimension.class);

    Values values(Dimension d) {
        return dimensions.computeIfAbsent(d, k -> new Values());
    }

    /** Drops the account's own activity and keeps what it impersonated (forgotten accounts, 3.6). */
    void forgetOwnActivity() {
        events.clear();
        dimensions.keySet().removeIf(d -> d != Dimension.IMPERSONATION_TARGET);
    }

    /**
     * A model learnt before the impersonated requests were counted has targets without an
     * {@code _impersonations} row: count them from the targets, so the caller keeps its maturity.
     */
    void countImpersonationsOfOlderModels() {
        Values targets = dimensions.get(Dimension.IMPERSONATION_TARGET);
        if (impersonations.count == 0 && targets != null) {
            targets.seen.values().forEach(impersonations::merge);
        }
    }

    void merge(Profile o) {
        events.merge(o.events);
        impersonations.merge(o.impersonations);
        o.dimensions.forEach((d, v) -> values(d).merge(v));
    }
}
