package io.kubeaudit.baseline;

import io.kubeaudit.detection.ActorClass;
import io.kubeaudit.detection.Observation;
import io.kubeaudit.detection.Outcome;

import java.util.List;

/** The baseline's keys and dimension values of one event (catalog §3.1), as pure functions. */
public final class Keys {
    public static final String ANONYMOUS = "system:anonymous";
    public static final String UNAUTHENTICATED = "(unauthenticated)";

    private Keys() {
    }

    /**
     * One event's identity: exact duplicates of one (auditID, stage) (AKS kube-audit plus
     * kube-audit-admin, webhook retries, HA streams) are counted once (§1.2).
     */
    static long identity(Observation o) {
        long h = LongSet.hash(o.auditId(), o.stage());
        h = LongSet.hash(h, o.actor());
        h = LongSet.hash(h, o.verb());
        h = LongSet.hash(h, o.resource());
        h = LongSet.hash(h, o.namespace());
        h = LongSet.hash(h, o.name());
        h = LongSet.hash(h, o.path());
        h = LongSet.hash(h, o.ip());
        h = LongSet.hash(h, o.userAgent());
        return (h ^ o.code()) * 0x100000001b3L ^ o.timeMs();
    }

    public static String cluster(Observation o) {
        return o.cluster() == null ? "" : o.cluster();
    }

    /** The account an event is learned under: anonymous and 401 requests share one account each. */
    public static String account(Observation o) {
        if (o.outcome() == Outcome.UNAUTHENTICATED) {
            return UNAUTHENTICATED;
        }
        if (o.actorClass() == ActorClass.ANONYMOUS) {
            return ANONYMOUS;
        }
        return o.actor();
    }

    static boolean anonymous(Observation o) {
        return o.outcome() != Outcome.UNAUTHENTICATED && o.actorClass() == ActorClass.ANONYMOUS;
    }

    /** The anonymous and unauthenticated accounts, which have no source-address dimensions. */
    public static boolean shared(String account) {
        return ANONYMOUS.equals(account) || UNAUTHENTICATED.equals(account);
    }

    /** The values of one dimension on this event (most have one; groups have several; none = empty). */
    static List<String> values(Dimension d, Observation o, String account) {
        switch (d) {
            case UA_FAMILY:
                return one(o.uaFamily());
            case SRC_IP:
                return shared(account) ? List.of() : one(o.ip());
            case SRC_NET:
                return shared(account) ? List.of() : one(o.srcNet());
            case VERB_RESOURCE:
                return one(verbResource(o));
            case NAMESPACE:
                return List.of(o.namespace() == null || o.namespace().isEmpty() ? "(cluster)" : o.namespace());
            case SECRET:
                return "secrets".equals(o.resource()) && isRead(o.verb()) ? one(secret(o)) : List.of();
            case DECISION:
                return List.of(o.decision() == null || o.decision().isEmpty() ? "none" : o.decision());
            case RESPONSE_CLASS:
                return List.of(responseClass(o.code()));
            case GROUP:
                return o.groups();
            case IMPERSONATION_TARGET:
                return List.of(); // learned on the caller, see impersonationTarget
            case RBAC_GRANT:
                return (o.outcome() == Outcome.OK || o.outcome() == Outcome.FAILED) ? one(o.rbacGrant()) : List.of();
            case COUNTRY:
                return shared(account) ? List.of() : one(o.country());
            default:
                throw new AssertionError(d);
        }
    }

    static String verbResource(Observation o) {
        if (o.resource() != null) {
            return o.verb() + ":" + o.resource() + "/" + (o.subresource() == null ? "-" : o.subresource());
        }
        String p = o.path() == null ? "" : o.path();
        int start = p.startsWith("/") ? 1 : 0;
        int end = p.indexOf('/', start);
        return o.verb() + ":nonresource:/" + (end < 0 ? p.substring(start) : p.substring(start, end));
    }

    static String secret(Observation o) {
        String ns = o.namespace();
        if (ns == null || ns.isEmpty()) {
            return "*/*";
        }
        return ns + "/" + ("get".equals(o.verb()) && o.name() != null ? o.name() : "*");
    }

    static boolean isRead(String verb) {
        return "get".equals(verb) || "list".equals(verb) || "watch".equals(verb);
    }

    static String responseClass(int code) {
        if (code < 0) {
            return "none";
        }
        switch (code) {
            case 401: case 403: case 404: case 409: case 429:
                return Integer.toString(code);
            default:
                if (code >= 100 && code < 600) {
                    return (code / 100) + "xx";
                }
                return "other";
        }
    }

    private static List<String> one(String v) {
        return v == null || v.isEmpty() ? List.of() : List.of(v);
    }
}
