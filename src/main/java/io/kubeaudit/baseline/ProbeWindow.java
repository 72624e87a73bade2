package io.kubeaudit.baseline;

import io.kubeaudit.detection.Observation;
import io.kubeaudit.detection.Outcome;

import java.util.HashSet;
import java.util.Set;

/**
 * One tumbling 10-minute window of a permission-probing key (catalog §3.4,
 * {@code dev_permission_probing}): authenticated callers are keyed by (account, IP) and must
 * mix allowed and denied answers; anonymous ones by (IP, user agent) and must hit denials,
 * 401s or 404s. Both must touch many paths and resources with few events.
 */
final class ProbeWindow {
    static final long SECONDS = 600;

    final long start;
    private final boolean anonymous;
    private final Set<String> paths = new HashSet<>();
    private final Set<String> resources = new HashSet<>();
    private long events;
    private boolean allowed;
    private boolean denied;
    private long notFound;
    private boolean unauthenticated;
    private boolean met;

    ProbeWindow(long start, boolean anonymous) {
        this.start = start;
        this.anonymous = anonymous;
    }

    /**
     * Anonymous and unauthenticated (401) requests are one key per client, (IP, UA) (§3.4): a probe
     * mixes both, 404s as anonymous and 401s where a path needs credentials.
     */
    static String[] key(Observation o, String account) {
        if (Keys.shared(account)) {
            return new String[] {Keys.ANONYMOUS, (o.ip() == null ? "" : o.ip()) + " " + (o.userAgent() == null ? "" : o.userAgent())};
        }
        return new String[] {account, o.ip() == null ? "" : o.ip()};
    }

    /** Adds an event; true when the window meets the criteria at this event (and has not outgrown its cap). */
    boolean add(Observation o, BaselineSettings s) {
        events++;
        if (o.path() != null) {
            paths.add(o.path());
        }
        if (o.resource() != null) {
            resources.add(o.resource());
        }
        Outcome out = o.outcome();
        allowed |= out == Outcome.OK || out == Outcome.FAILED;
        denied |= out == Outcome.DENIED;
        unauthenticated |= out == Outcome.UNAUTHENTICATED;
        if (o.code() == 404) {
            notFound++;
        }
        long cap = anonymous ? s.probingMaxEventsAnonymous : s.probingMaxEvents;
        if (events >= cap) {
            return false;
        }
        boolean spread = paths.size() > s.probingMinPaths && resources.size() > s.probingMinResources;
        boolean now = spread && (anonymous ? (denied || unauthenticated || notFound >= 3) : (allowed && denied));
        met |= now;
        return met;
    }

    /** Whether the window met the criteria at some point (what the model learns). */
    boolean met() {
        return met;
    }
}
