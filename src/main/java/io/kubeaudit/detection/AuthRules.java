package io.kubeaudit.detection;

import java.util.Set;

/** §2.1 {@code auth_}: identity, authentication, authorization. */
final class AuthRules {
    private AuthRules() {
    }

    private static final Set<String> IMPERSONATION_VERBS = Set.of("create", "delete", "get", "list", "patch", "update");

    static boolean anonymousAllowed(Facts f) {
        return f.cls == ActorClass.ANONYMOUS && f.allowed() && !f.healthPath() && !f.publicInfoPath() && !f.probe();
    }

    static boolean anonymousPublicInfo(Facts f) {
        return f.cls == ActorClass.ANONYMOUS && f.allowed()
                && (f.publicInfoPath() || (f.healthPath() && !f.ipPrivate()))
                && !f.probe();
    }

    static boolean anonymousDenied(Facts f) {
        return f.cls == ActorClass.ANONYMOUS && f.denied() && !f.probe();
    }

    static boolean anonymousWrite(Facts f) {
        return f.cls == ActorClass.ANONYMOUS && !f.unauth() && f.write();
    }

    static boolean unauthenticated401(Facts f) {
        return f.unauth();
    }

    static boolean forbidden(Facts f) {
        return f.denied();
    }

    static boolean forbiddenCreate(Facts f) {
        return f.denied() && f.verbIs("create");
    }

    static boolean forbiddenPublicIp(Facts f) {
        return f.denied() && f.ipPublic();
    }

    static boolean forbiddenServiceAccount(Facts f) {
        return f.denied() && f.cls == ActorClass.SERVICE_ACCOUNT && !f.actIn(f.cfg.saForbiddenAllowlist);
    }

    static boolean impersonation(Facts f) {
        return f.impersonating && f.allowed() && !f.in(f.cfg.impersonationProxyActors, f.u);
    }

    static boolean impersonationPrivileged(Facts f) {
        if (!f.impersonating || !f.allowed() || !IMPERSONATION_VERBS.contains(f.verb)) {
            return false;
        }
        if (f.in(f.cfg.cloudControlPlaneActors, f.u) || f.in(f.cfg.impersonationProxyActors, f.u)) {
            return false;
        }
        if (f.in(f.cfg.privilegedImpersonationUsers, f.iu)) {
            return true;
        }
        for (String group : f.ig) {
            if (f.in(f.cfg.privilegedImpersonationGroups, group)) {
                return true;
            }
        }
        return false;
    }

    static boolean impersonationDenied(Facts f) {
        return f.denied() && f.msg != null && f.msg.contains("cannot impersonate");
    }

    static boolean defaultAdminIdentity(Facts f) {
        return f.actIn(f.cfg.defaultAdminUsers) && !f.probe();
    }

    static boolean systemMastersUser(Facts f) {
        return f.cls == ActorClass.USER && f.eg.contains("system:masters");
    }

    static boolean userNotAllowlisted(Facts f) {
        if (f.cls != ActorClass.USER || f.cfg.allowedUsers.isMatchAll()) {
            return false;
        }
        return (f.u == null || !f.u.startsWith("system:")) && !f.actIn(f.cfg.allowedUsers);
    }

    static boolean systemPrincipalPublicIp(Facts f) {
        if (!(f.cls == ActorClass.SERVICE_ACCOUNT || f.cls == ActorClass.NODE || f.cls == ActorClass.SYSTEM)
                || !f.allowed() || !f.allPublic()) {
            return false;
        }
        boolean inProviderRange = f.cfg.cloudProviderRanges.contains(f.ipAddress());
        if (!inProviderRange) {
            return true;
        }
        if (f.cls == ActorClass.NODE && f.g.contains("system:nodes")) {
            return false;
        }
        return !managedPublicPrincipal(f);
    }

    private static boolean managedPublicPrincipal(Facts f) {
        for (String[] p : f.cfg.managedPublicPrincipals) {
            if (Glob.matches(p[0], f.act == null ? "" : f.act, false)) {
                if (p[1] == null) {
                    return true;
                }
                for (String arn : f.user.extra("arn")) {
                    if (arn.contains(p[1])) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    static boolean sourceIpThreatList(Facts f) {
        if (f.cfg.threatIps.isEmpty()) {
            return false;
        }
        for (String s : f.ips) {
            if (f.cfg.threatIps.contains(s)) {
                return true;
            }
        }
        return false;
    }

    static boolean saToolClient(Facts f) {
        return f.cls == ActorClass.SERVICE_ACCOUNT && f.attempt() && (f.httpTool() || "kubectl".equals(f.uaf))
                && !f.actIn(f.cfg.saToolClientAllowlist);
    }

    static boolean nodeToolClient(Facts f) {
        return f.cls == ActorClass.NODE && f.attempt() && (f.httpTool() || "kubectl".equals(f.uaf));
    }

    static boolean kubectlClient(Facts f) {
        return "kubectl".equals(f.uaf) && !f.loopback();
    }

    static boolean legacySaTokenUsed(Facts f) {
        return f.ev.annotation("authentication.k8s.io/legacy-token") != null;
    }

    static boolean staleSaTokenUsed(Facts f) {
        return f.ev.annotation("authentication.k8s.io/stale-token") != null;
    }
}
