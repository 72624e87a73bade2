package io.kubeaudit.baseline;

import java.util.EnumMap;

/** An account's (or a cluster's) decisive events and the values it has used, per dimension. */
final class Profile {
    final Stats events = new Stats();
    final EnumMap<Dimension, Values> dimensions = new EnumMap<>(Dimension.class);

    Values values(Dimension d) {
        return dimensions.computeIfAbsent(d, k -> new Values());
    }

    /** Drops the account's own activity and keeps what it impersonated (forgotten accounts, 3.6). */
    void forgetOwnActivity() {
        events.first = Long.MAX_VALUE;
        events.last = Long.MIN_VALUE;
        events.count = 0;
        dimensions.keySet().removeIf(d -> d != Dimension.IMPERSONATION_TARGET);
    }

    void merge(Profile o) {
        events.merge(o.events);
        o.dimensions.forEach((d, v) -> values(d).merge(v));
    }
}
