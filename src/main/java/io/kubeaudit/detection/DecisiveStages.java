package io.kubeaudit.detection;

import io.kubeaudit.audit.AuditEvent;
import io.kubeaudit.audit.ObjectRef;
import io.kubeaudit.audit.Timestamps;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Which event of a request is labelled (catalog §1.2), so that counting labelled events counts
 * requests. Normal requests: ResponseComplete or Panic; failed authentication: its only
 * (ResponseStarted) event; no stage: the event itself; RequestReceived: never.
 *
 * <p>Long-running requests (exec, attach, portforward, proxy) log ResponseStarted and, possibly
 * much later, ResponseComplete. Whichever of the two is seen first is decisive and the other is
 * skipped: in file order that is ResponseStarted, as the catalog says; Splunk delivers events newest
 * first, and then the ResponseComplete of the pair carries the labels instead of both carrying them.
 * A request is its auditID and its receive time (see {@link #requestKey}). The memory of seen
 * requests is bounded (count and age).
 */
final class DecisiveStages {
    private static final Set<String> LONG_RUNNING = Set.of("exec", "attach", "portforward", "proxy");

    private final int capacity;
    private final long ttlSeconds;
    private final Map<String, long[]> seen; // request key → {stage code, event time (epoch s) or MIN_VALUE}

    DecisiveStages(int capacity, long ttlSeconds) {
        this.capacity = capacity;
        this.ttlSeconds = ttlSeconds;
        this.seen = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
                return size() > DecisiveStages.this.capacity;
            }
        };
    }

    /**
     * Whether deciding this event needs the events before it: only the two stages of a long-running
     * request do. Every other event is decided on its own, so events can be decided in any order and
     * on any thread as long as these few are decided by one instance, in stream order.
     */
    static boolean dependsOnOrder(AuditEvent ev) {
        String stage = ev.stage();
        if (stage == null || !longRunning(ev)) {
            return false;
        }
        return switch (stage) {
            case "ResponseStarted" -> ev.code() != 401;
            case "ResponseComplete", "Panic" -> true;
            default -> false;
        };
    }

    private static boolean longRunning(AuditEvent ev) {
        ObjectRef ref = ev.objectRef();
        return ref != null && ref.subresource() != null && LONG_RUNNING.contains(ref.subresource());
    }

    boolean decisive(AuditEvent ev) {
        if (dependsOnOrder(ev)) {
            return firstOfPair(ev, "ResponseStarted".equals(ev.stage()) ? 1 : 2);
        }
        String stage = ev.stage();
        if (stage == null) {
            return true;
        }
        return switch (stage) {
            case "RequestReceived" -> false;
            case "ResponseStarted" -> ev.code() == 401; // failed authentication: its only event
            default -> true; // ResponseComplete and Panic of ordinary requests, and stages we do not know
        };
    }

    private boolean firstOfPair(AuditEvent ev, long stageCode) {
        String id = requestKey(ev);
        if (id == null || capacity == 0) {
            return true;
        }
        long t = epochSeconds(ev.timestamp());
        long[] prev = seen.get(id);
        if (prev != null && (t == Long.MIN_VALUE || prev[1] == Long.MIN_VALUE || Math.abs(t - prev[1]) <= ttlSeconds)) {
            // the same stage again is an exact duplicate and is labelled alike; the other stage is skipped
            return prev[0] == stageCode;
        }
        seen.put(id, new long[] {stageCode, t});
        return true;
    }

    /**
     * The two stages of one request. A client may choose its own auditID (the Audit-ID header), so an
     * ID alone would let a decoy request that failed before the upgrade silence a later real exec
     * under the same ID; both stages of one request also share the server-set receive time.
     */
    private static String requestKey(AuditEvent ev) {
        String id = ev.auditId();
        String received = ev.requestReceivedTimestamp();
        return id == null || received == null ? id : id + ' ' + received;
    }

    static long epochSeconds(String ts) {
        long millis = Timestamps.epochMillis(ts);
        return millis == Timestamps.UNKNOWN ? Long.MIN_VALUE : Math.floorDiv(millis, 1000);
    }
}
