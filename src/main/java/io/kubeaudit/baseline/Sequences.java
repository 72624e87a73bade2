package io.kubeaudit.baseline;

import io.kubeaudit.detection.Observation;
import io.kubeaudit.detection.Outcome;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The sequence deviations (catalog §3.5): an event, then a related one of the same key within a time
 * limit. Measured over the stream as it arrives, like {@link RateWindows}: a pair is complete at
 * whichever of its two events arrives second, and that event carries the deviation. In time order
 * (a file) that is the later event, as the catalog says; Splunk delivers newest first, and then the
 * earlier event completes the pair, because the later one has already been answered.
 */
final class Sequences {
    static final long RBAC_THEN_WORKLOAD_SECONDS = 300;
    static final long TOKEN_THEN_API_SECONDS = 900;
    private static final Set<String> RBAC_RESOURCES = Set.of("roles", "clusterroles", "rolebindings",
            "clusterrolebindings");
    private static final Set<String> RBAC_VERBS = Set.of("create", "update", "patch");
    private static final Set<String> WORKLOAD_RESOURCES = Set.of("daemonsets", "deployments", "cronjobs");
    private static final Set<String> WORKLOAD_VERBS = Set.of("create", "patch");
    private static final String SA_PREFIX = "system:serviceaccount:";
    private static final long SWEEP_EVERY = 1 << 14;
    private static final long IDLE_SECONDS = 2 * 3_600;

    private final Map<String, Times> rbacChanges = new HashMap<>();
    private final Map<String, Times> workloadChanges = new HashMap<>();
    private final Map<String, Times> tokenReads = new HashMap<>();
    private final Map<String, Times> apiUses = new HashMap<>();
    private long events;

    /** The recent times of one key's first or second events (at most {@link #MAX} kept). */
    private static final class Times {
        static final int MAX = 64;
        final long[] t = new long[MAX];
        int size;
        long newest = Long.MIN_VALUE;

        void add(long time, long limit) {
            newest = Math.max(newest, time);
            int kept = 0;
            for (int i = 0; i < size; i++) {
                if (newest - t[i] <= limit) {
                    t[kept++] = t[i];
                }
            }
            size = kept;
            if (size == MAX) {
                System.arraycopy(t, 1, t, 0, MAX - 1);
                size--;
            }
            t[size++] = time;
        }

        /** Whether a kept time lies between from and to (inclusive). */
        boolean anyBetween(long from, long to) {
            for (int i = 0; i < size; i++) {
                if (t[i] >= from && t[i] <= to) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * @param t       the event's time in seconds
     * @param learnt  the account's baseline, or null
     */
    void evaluate(Observation o, String cluster, String account, long t, BaselineView.Entity learnt,
                  EnumSet<Deviation> found) {
        if (++events % SWEEP_EVERY == 0) {
            sweep(t);
        }
        rbacThenWorkload(o, cluster, account, t, found);
        tokenReadThenApiUse(o, cluster, account, t, learnt, found);
    }

    private void rbacThenWorkload(Observation o, String cluster, String account, long t, EnumSet<Deviation> found) {
        boolean allowed = o.outcome() == Outcome.OK || o.outcome() == Outcome.FAILED;
        // Set.of(...).contains(null) throws: non-resource requests have no resource.
        if (!allowed || o.resource() == null || o.verb() == null || o.subresource() != null) {
            return;
        }
        // Classified before anything is built: this runs on every event and nearly none qualify.
        boolean rbac = RBAC_RESOURCES.contains(o.resource()) && RBAC_VERBS.contains(o.verb());
        boolean workload = !rbac && WORKLOAD_RESOURCES.contains(o.resource()) && WORKLOAD_VERBS.contains(o.verb());
        if (!rbac && !workload || (o.groups() != null && o.groups().contains("system:masters"))) {
            return;
        }
        String key = cluster + '\u0000' + account;
        long limit = RBAC_THEN_WORKLOAD_SECONDS;
        Times other = (rbac ? workloadChanges : rbacChanges).get(key);
        boolean paired = other != null && (rbac ? other.anyBetween(t, t + limit) : other.anyBetween(t - limit, t));
        if (paired) {
            found.add(Deviation.RBAC_THEN_WORKLOAD_CHANGE);
        }
        (rbac ? rbacChanges : workloadChanges).computeIfAbsent(key, k -> new Times()).add(t, limit);
    }

    private void tokenReadThenApiUse(Observation o, String cluster, String account, long t,
                                     BaselineView.Entity learnt, EnumSet<Deviation> found) {
        long limit = TOKEN_THEN_API_SECONDS;
        if (o.tokenRead() && "pods".equals(o.resource()) && o.namespace() != null && o.name() != null) {
            String key = cluster + '\u0000' + o.namespace() + '\u0000' + o.name();
            Times later = apiUses.get(key);
            if (later != null && later.anyBetween(t, t + limit)) {
                found.add(Deviation.TOKEN_READ_THEN_API_USE);
            }
            tokenReads.computeIfAbsent(key, k -> new Times()).add(t, limit);
            return;
        }
        if (o.boundPod() == null || !account.startsWith(SA_PREFIX) || !unusualClient(o, learnt)) {
            return;
        }
        String rest = account.substring(SA_PREFIX.length());
        int colon = rest.indexOf(':');
        if (colon <= 0) {
            return;
        }
        String key = cluster + '\u0000' + rest.substring(0, colon) + '\u0000' + o.boundPod();
        Times earlier = tokenReads.get(key);
        if (earlier != null && earlier.anyBetween(t - limit, t)) {
            found.add(Deviation.TOKEN_READ_THEN_API_USE);
        }
        apiUses.computeIfAbsent(key, k -> new Times()).add(t, limit);
    }

    /** UAF ∉ the account's learned ua_family set, or HTTP_TOOL, or UAF=kubectl (§3.5). */
    private static boolean unusualClient(Observation o, BaselineView.Entity learnt) {
        if (o.httpTool() || "kubectl".equals(o.uaFamily())) {
            return true;
        }
        String uaf = o.uaFamily();
        if (uaf == null) {
            return false;
        }
        if (learnt == null) {
            return true; // nothing learnt: every family is one the account has not used
        }
        // A volatile dimension has seen too many families to call one new (§3.1).
        return !learnt.isVolatile(Dimension.UA_FAMILY) && !learnt.has(Dimension.UA_FAMILY, uaf);
    }

    /** Drops keys quiet for a while, so memory follows the active keys. */
    private void sweep(long now) {
        for (Map<String, Times> m : List.of(rbacChanges, workloadChanges, tokenReads, apiUses)) {
            for (Iterator<Times> it = m.values().iterator(); it.hasNext(); ) {
                if (Math.abs(now - it.next().newest) > IDLE_SECONDS) {
                    it.remove();
                }
            }
        }
    }
}
