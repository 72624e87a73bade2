package io.kubeaudit.detection;

import io.kubeaudit.audit.AuditEvent;
import io.kubeaudit.audit.ObjectRef;
import io.kubeaudit.audit.UserInfo;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One event seen through the catalog's notation (§1): the short names (verb, R, SR, NS, ACT, CLS,
 * UAF, IP, PATH ...) and the derived predicates (outcome, LO, INFRA, INFRA_SCOPE, PROBE, IN_POD ...).
 * Computed once per event and shared by all label predicates; the costly parts (exec command, pod
 * spec, query string) only when a predicate asks.
 */
final class Facts {
    static final String ANNOTATION_DECISION = "authorization.k8s.io/decision";
    static final String ANNOTATION_REASON = "authorization.k8s.io/reason";
    static final String EXTRA_POD_NAME = "authentication.kubernetes.io/pod-name";

    final AuditEvent ev;
    final DetectionConfig cfg;
    final Caches caches;

    final String verb;
    final String r;
    final String sr;
    final String ns;
    final String n;
    final String ag;

    final UserInfo user;
    final String u;
    final List<String> g;
    final String iu;
    final List<String> ig;
    final boolean impersonating;
    final String act;
    final List<String> eg;
    final ActorClass cls;

    final String ua;
    final UserAgents.Info uaInfo;
    final String uaf;
    final List<String> ips;
    final String ip;

    final int code;
    final String msg;
    final String dec;
    final String reason;
    final Outcome outcome;
    final String rbacGrant;
    final String rbacGrantRole;

    private String uri;
    private String path;
    private Boolean lo;
    private Boolean infra;
    private Boolean probe;
    private Boolean inPod;
    private Boolean allPublic;
    private IpAddress ipAddress;
    private boolean ipParsed;
    private List<String[]> query;
    private ExecCommand exec;
    private boolean execDone;
    private PodSpec spec;
    private boolean specDone;

    Facts(AuditEvent ev, DetectionConfig cfg, Caches caches) {
        this.ev = ev;
        this.cfg = cfg;
        this.caches = caches;
        String v = ev.verb();
        this.verb = v == null ? "" : lower(v);
        ObjectRef ref = ev.objectRef();
        this.r = ref == null ? null : ref.resource();
        this.sr = ref == null ? null : ref.subresource();
        this.ns = ref == null ? null : ref.namespace();
        this.n = ref == null ? null : ref.name();
        this.ag = ref == null ? null : ref.apiGroup();

        this.user = ev.user();
        this.u = user.username();
        this.g = user.groups();
        UserInfo imp = ev.impersonatedUser();
        this.impersonating = imp != null && imp.username() != null;
        this.iu = impersonating ? imp.username() : null;
        this.ig = impersonating ? imp.groups() : List.of();
        this.act = impersonating ? iu : u;
        this.eg = impersonating ? ig : g;
        this.cls = ActorClass.of(act, eg, a -> caches.in(cfg.cloudControlPlaneActors, a));

        this.ua = ev.userAgent();
        this.uaInfo = caches.userAgent(ua);
        this.uaf = uaInfo.family();
        this.ips = ev.sourceIps();
        this.ip = ips.isEmpty() ? null : ips.get(0);

        this.code = ev.code();
        this.msg = ev.statusMessage();
        this.dec = ev.annotation(ANNOTATION_DECISION);
        this.reason = ev.annotation(ANNOTATION_REASON);
        this.outcome = Outcome.of(code, dec);

        String grant = null;
        String role = null;
        if (reason != null && !reason.isEmpty()) {
            String[] parsed = caches.rbacReason(reason);
            if (parsed.length == 2) {
                grant = parsed[0];
                role = parsed[1];
            }
        } else if ("allow".equals(dec) && eg.contains("system:masters")) {
            grant = "masters";
        }
        this.rbacGrant = grant;
        this.rbacGrantRole = role;
    }

    private static String lower(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isUpperCase(s.charAt(i))) {
                return s.toLowerCase(Locale.ROOT);
            }
        }
        return s;
    }

    // ------------------------------------------------------------------ outcome (§1.3)

    boolean unauth() {
        return outcome == Outcome.UNAUTHENTICATED;
    }

    boolean denied() {
        return outcome == Outcome.DENIED;
    }

    boolean ok() {
        return outcome == Outcome.OK;
    }

    boolean failed() {
        return outcome == Outcome.FAILED;
    }

    boolean allowed() {
        return outcome == Outcome.OK || outcome == Outcome.FAILED;
    }

    boolean attempt() {
        return outcome == Outcome.OK || outcome == Outcome.FAILED || outcome == Outcome.DENIED;
    }

    // ------------------------------------------------------------------ verbs and resources

    boolean verbIs(String v) {
        return verb.equals(v);
    }

    boolean read() {
        return verb.equals("get") || verb.equals("list") || verb.equals("watch");
    }

    boolean modify() {
        return verb.equals("create") || verb.equals("update") || verb.equals("patch");
    }

    boolean write() {
        return modify() || verb.equals("delete") || verb.equals("deletecollection");
    }

    boolean resourceIs(String res) {
        return res.equals(r);
    }

    boolean resourceIn(String... res) {
        if (r == null) {
            return false;
        }
        for (String x : res) {
            if (x.equals(r)) {
                return true;
            }
        }
        return false;
    }

    boolean subresourceIn(String... subs) {
        if (sr == null) {
            return false;
        }
        for (String x : subs) {
            if (x.equals(sr)) {
                return true;
            }
        }
        return false;
    }

    boolean noSubresource() {
        return sr == null;
    }

    static final String[] WORKLOAD_KINDS = {"deployments", "daemonsets", "statefulsets", "replicasets",
        "replicationcontrollers", "jobs", "cronjobs"};

    boolean workloadKind() {
        return resourceIn(WORKLOAD_KINDS);
    }

    /** §1.7 SPEC_WRITE: a write that carries a pod specification. */
    boolean specWrite() {
        if (r == null) {
            return false;
        }
        if (r.equals("pods")) {
            return (sr == null && modify()) || ("ephemeralcontainers".equals(sr) && (verb.equals("update") || verb.equals("patch")));
        }
        // status and scale writes by controllers repeat the template but do not change it
        return (workloadKind() || r.equals("podtemplates")) && sr == null && modify();
    }

    /** The object's name: objectRef.name, else metadata.name from the request or response body. */
    String objectName() {
        if (n != null) {
            return n;
        }
        Object ro = ev.requestObject();
        Object name = io.kubeaudit.json.Json.path(ro, "metadata", "name");
        if (name instanceof String && !((String) name).isEmpty()) {
            return (String) name;
        }
        Object rso = ev.responseObject();
        name = io.kubeaudit.json.Json.path(rso, "metadata", "name");
        return name instanceof String && !((String) name).isEmpty() ? (String) name : null;
    }

    // ------------------------------------------------------------------ actors (§1.5)

    /** sa_ns(ACT) for a service account, else null. */
    String saNamespace() {
        return ActorClass.serviceAccountNamespace(act);
    }

    boolean actIn(GlobSet list) {
        return caches.in(list, act);
    }

    /** Whether a value (an actor, a namespace, a name) is on a glob list; false for null. */
    boolean in(GlobSet list, String value) {
        return caches.in(list, value);
    }

    /** INFRA: a control-plane identity; an impersonated infra identity counts only for an infra caller. */
    boolean infra() {
        if (infra == null) {
            boolean v = infraIdentity(act, cls);
            if (v && impersonating) {
                v = infraIdentity(u, ActorClass.of(u, g, a -> caches.in(cfg.cloudControlPlaneActors, a)));
            }
            infra = v;
        }
        return infra;
    }

    private boolean infraIdentity(String actor, ActorClass c) {
        if (c == ActorClass.SYSTEM || c == ActorClass.NODE) {
            return true;
        }
        if (c == ActorClass.SERVICE_ACCOUNT && caches.in(cfg.systemNamespaces, ActorClass.serviceAccountNamespace(actor))) {
            return true;
        }
        return caches.in(cfg.infraActorExtra, actor);
    }

    /** INFRA_SCOPE: the control plane managing itself (system namespace or cluster scope). */
    boolean infraScope() {
        return infra() && (ns == null || caches.in(cfg.systemNamespaces, ns));
    }

    // ------------------------------------------------------------------ addresses (§1.4)

    IpAddress ipAddress() {
        if (!ipParsed) {
            ipAddress = IpAddress.parse(ip);
            ipParsed = true;
        }
        return ipAddress;
    }

    /** LO: every source address is loopback (false when there are none). */
    boolean loopback() {
        if (lo == null) {
            boolean v = !ips.isEmpty();
            for (String s : ips) {
                IpAddress a = s.equals(ip) ? ipAddress() : IpAddress.parse(s);
                if (a == null || !a.isLoopback()) {
                    v = false;
                    break;
                }
            }
            lo = v;
        }
        return lo;
    }

    boolean ipPrivate() {
        IpAddress a = ipAddress();
        return a != null && a.isPrivate();
    }

    boolean ipPublic() {
        IpAddress a = ipAddress();
        return a != null && a.isPublic();
    }

    boolean allPublic() {
        if (allPublic == null) {
            boolean v = !ips.isEmpty();
            for (String s : ips) {
                IpAddress a = IpAddress.parse(s);
                if (a == null || !a.isPublic()) {
                    v = false;
                    break;
                }
            }
            allPublic = v;
        }
        return allPublic;
    }

    /** IN_POD: a pod address, or a service-account token bound to a pod. */
    boolean inPod() {
        if (inPod == null) {
            inPod = cfg.podCidrs.contains(ipAddress())
                    || (cls == ActorClass.SERVICE_ACCOUNT && !user.extra(EXTRA_POD_NAME).isEmpty());
        }
        return inPod;
    }

    // ------------------------------------------------------------------ paths and probes (§1.5, §1.6)

    /** URI: requestURI as sent ("" when absent). */
    String uri() {
        if (uri == null) {
            String u = ev.requestUri();
            uri = u == null ? "" : u;
        }
        return uri;
    }

    /** PATH: the path part of URI. */
    String path() {
        if (path == null) {
            String u = uri();
            int q = u.indexOf('?');
            path = q < 0 ? u : u.substring(0, q);
        }
        return path;
    }

    boolean healthPath() {
        return isHealthPath(path());
    }

    static boolean isHealthPath(String p) {
        for (String h : new String[] {"/healthz", "/livez", "/readyz"}) {
            if (p.equals(h) || (p.startsWith(h) && p.length() > h.length() && p.charAt(h.length()) == '/')) {
                return true;
            }
        }
        return false;
    }

    boolean publicInfoPath() {
        switch (path()) {
            case "/version": case "/version/": case "/.well-known/openid-configuration": case "/openid/v1/jwks":
            case "/.well-known/oauth-authorization-server":
                return true;
            default:
                return false;
        }
    }

    /** PROBE: health-probe traffic (loopback, probe user agents, benign scanners, private health checks). */
    boolean probe() {
        if (probe == null) {
            probe = computeProbe();
        }
        return probe;
    }

    private boolean computeProbe() {
        if (loopback()) {
            return true;
        }
        if (uaInfo.probe() || uaInfo.benignScanner() || (uaInfo.probeIfPrivate() && ipPrivate())) {
            return true;
        }
        return healthPath() && ipPrivate();
    }

    boolean httpTool() {
        return uaInfo.kaliLike() || cfg.httpToolFamilies.contains(uaf);
    }

    // ------------------------------------------------------------------ query, exec, pod spec

    /**
     * Query parameters in order, each percent-decoded ('+' is a space), as the API server reads them
     * (Go's url.ParseQuery): a pair with a ';' or a broken '%' escape is dropped, so such a pair
     * never reaches the exec command, and must not shift the command we decode either.
     */
    List<String[]> query() {
        if (query == null) {
            query = new ArrayList<>();
            String u = uri();
            int q = u.indexOf('?');
            if (q >= 0) {
                for (String part : u.substring(q + 1).split("&")) {
                    if (part.isEmpty() || part.indexOf(';') >= 0) {
                        continue;
                    }
                    int eq = part.indexOf('=');
                    String k = decode(eq < 0 ? part : part.substring(0, eq));
                    String v = eq < 0 ? "" : decode(part.substring(eq + 1));
                    if (k != null && v != null) {
                        query.add(new String[] {k, v});
                    }
                }
            }
        }
        return query;
    }

    /** The first value of a query parameter, or null. */
    String queryParam(String key) {
        for (String[] kv : query()) {
            if (kv[0].equals(key)) {
                return kv[1];
            }
        }
        return null;
    }

    /**
     * The percent-decoded text, or null when an escape is broken: every '%' must be followed by two
     * hex digits, as Go requires (URLDecoder alone also takes "%+1" or "%-0").
     */
    private static String decode(String s) {
        int pct = s.indexOf('%');
        if (pct < 0 && s.indexOf('+') < 0) {
            return s;
        }
        for (int i = pct; i >= 0; i = s.indexOf('%', i + 3)) {
            if (i + 2 >= s.length() || !hex(s.charAt(i + 1)) || !hex(s.charAt(i + 2))) {
                return null;
            }
        }
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /** The decoded command of an exec/attach request, or null for other requests. */
    ExecCommand exec() {
        if (!execDone) {
            execDone = true;
            if ("pods".equals(r) && ("exec".equals(sr) || "attach".equals(sr))) {
                exec = ExecCommand.decode(this);
            }
        }
        return exec;
    }

    /** The pod specification evidence of a SPEC_WRITE (§1.7), or null. */
    PodSpec spec() {
        if (!specDone) {
            specDone = true;
            if (specWrite()) {
                spec = PodSpec.of(this);
            }
        }
        return spec;
    }
}
