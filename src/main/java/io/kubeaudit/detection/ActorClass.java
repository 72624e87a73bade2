package io.kubeaudit.detection;

import java.util.List;
import java.util.function.Predicate;

/** Class of the effective actor (catalog §1.5), in the order the rules are tried. */
public enum ActorClass {
    ANONYMOUS("anonymous"),
    SERVICE_ACCOUNT("service_account"),
    NODE("node"),
    SYSTEM("system"),
    USER("user");

    private final String id;

    ActorClass(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    static ActorClass of(String actor, List<String> groups, DetectionConfig cfg) {
        return of(actor, groups, cfg.cloudControlPlaneActors::matches);
    }

    /** @param cloudControlPlane whether an actor is on cloud_control_plane_actors */
    static ActorClass of(String actor, List<String> groups, Predicate<String> cloudControlPlane) {
        if (actor == null || actor.isEmpty() || actor.equals("system:anonymous") || actor.equals("system:unauthenticated")
                || actor.equals("system:unsecured") || groups.contains("system:unauthenticated")) {
            return ANONYMOUS;
        }
        if (serviceAccountNamespace(actor) != null) {
            return SERVICE_ACCOUNT;
        }
        if (actor.startsWith("system:node:") || groups.contains("system:nodes") || actor.equals("nodeclient")) {
            return NODE;
        }
        if (actor.startsWith("system:") || cloudControlPlane.test(actor)) {
            return SYSTEM;
        }
        return USER;
    }

    /** {@code <ns>} of {@code system:serviceaccount:<ns>:<name>}, else null. */
    static String serviceAccountNamespace(String actor) {
        if (actor == null || !actor.startsWith("system:serviceaccount:")) {
            return null;
        }
        String rest = actor.substring("system:serviceaccount:".length());
        int colon = rest.indexOf(':');
        if (colon <= 0 || colon == rest.length() - 1 || rest.indexOf(':', colon + 1) >= 0) {
            return null;
        }
        return rest.substring(0, colon);
    }
}
