package io.kubeaudit.baseline;

import java.util.EnumMap;

/** An account's (or a cluster's) decisive events and the values it has used, per dimension. */
final class Profile {
    final Stats events = new Stats();
    final EnumMap<Dimension, Values> dimensions = new EnumMap<>(Dimension.class);

    Values values(Dimension d) {
        return dimensions.computeIfAbsent(d, k -> new Values());
    }

    void merge(Profile o) {
        events.merge(o.events);
        o.dimensions.forEach((d, v) -> values(d).merge(v));
    }
}
