package io.kubeaudit.detection;

/** What happened to the request (catalog §1.3), from the status code and the authorization decision. */
public enum Outcome {
    UNAUTHENTICATED("unauthenticated"),
    DENIED("denied"),
    OK("ok"),
    FAILED("failed"),
    UNKNOWN("unknown");

    private final String id;

    Outcome(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    static Outcome of(int code, String decision) {
        if (code == 401) {
            return UNAUTHENTICATED;
        }
        if (code == 403 || "forbid".equals(decision)) {
            return DENIED;
        }
        boolean allowed = "allow".equals(decision) || code >= 0;
        if (!allowed) {
            return UNKNOWN;
        }
        if (code < 0 || (code >= 100 && code < 400)) {
            return OK;
        }
        return code >= 400 ? FAILED : UNKNOWN;
    }
}
