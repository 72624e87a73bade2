package io.kubeaudit.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Benchmark corpus generator: writes realistic {@code audit.k8s.io/v1} Events, one compact JSON
 * object per line, deterministic for a given seed. JDK only; not a unit test.
 *
 * <pre>CorpusGenerator &lt;events&gt; &lt;output.jsonl&gt; [seed]</pre>
 *
 * Mix (approximate): 70% control-plane and node traffic, 15% application service accounts,
 * 8% humans with kubectl (Request level, 2-8 KB bodies), 2% RequestReceived stages, 2% large
 * RequestResponse pod lists (20-60 KB), 3% attack traffic (anonymous 403s, 401s, exec into pods,
 * privileged/hostPath pods, cluster-wide secret lists, cluster-admin bindings, curl/python tokens).
 */
public final class CorpusGenerator {

    private static final String K8S_VERSION = "v1.30.2";
    private static final String K8S_COMMIT = "3968350";
    private static final String KUBECTL_UA = "kubectl/" + K8S_VERSION + " (linux/amd64) kubernetes/" + K8S_COMMIT;
    private static final String KUBELET_UA = "kubelet/" + K8S_VERSION + " (linux/amd64) kubernetes/" + K8S_COMMIT;
    private static final String KCM_UA = "kube-controller-manager/" + K8S_VERSION + " (linux/amd64) kubernetes/" + K8S_COMMIT;
    private static final String SCHED_UA = "kube-scheduler/" + K8S_VERSION + " (linux/amd64) kubernetes/" + K8S_COMMIT;
    private static final String[] AUTHENTICATED = {"system:authenticated"};

    private static final DateTimeFormatter TS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private static final String[] NS_WORDS = {
        "payments", "checkout", "catalog", "search", "billing", "identity", "orders", "shipping",
        "inventory", "reviews", "recommend", "pricing", "ledger", "notify", "media", "profile",
        "cart", "fraud", "reports", "gateway", "loyalty", "analytics", "ads", "support", "returns"};
    private static final String[] ENVS = {"prod", "staging", "dev", "qa"};
    private static final String[] APP_WORDS = {
        "api", "worker", "frontend", "backend", "sync", "indexer", "scheduler", "consumer", "producer",
        "cache", "auth", "session", "export", "import", "mailer", "webhook", "reconciler", "aggregator",
        "resolver", "router", "ingest", "thumbnailer", "pdf-render", "batch", "cron", "notifier",
        "event-bridge", "ledger-writer", "quote", "tax", "fx-rates", "stock", "geo", "feature-flags"};
    private static final String[] APP_SUFFIX = {"", "", "-v2", "-svc", "-job", "-reader", "-writer", "-eu", "-us"};
    private static final String[] CONTROLLERS = {
        "replicaset-controller", "deployment-controller", "endpoint-controller", "endpointslice-controller",
        "namespace-controller", "generic-garbage-collector", "daemon-set-controller", "job-controller",
        "node-controller", "statefulset-controller", "horizontal-pod-autoscaler", "resourcequota-controller"};
    private static final String[] KS_SA = {
        "coredns", "kube-proxy", "cilium", "metrics-server", "cluster-autoscaler", "ebs-csi-controller-sa",
        "aws-load-balancer-controller", "external-dns"};
    private static final String[] HUMANS = {
        "alice@example.com", "bob@example.com", "carol@example.com", "dave@example.com", "erin@example.com",
        "frank@example.com", "grace@example.com", "heidi@example.com", "ivan@example.com", "judy@example.com",
        "mallory.ops@example.com", "niaj@example.com", "olivia@example.com", "peggy@example.com",
        "rupert@example.com", "sybil@example.com", "trent@example.com", "victor@example.com",
        "walter@example.com", "kubernetes-admin"};
    private static final String[] HUMAN_GROUPS = {"platform-team", "developers", "sre", "data-eng"};
    private static final String[] SCANNER_UAS = {
        "Mozilla/5.0 zgrab/0.x",
        "masscan/1.3 (https://github.com/robertdavidgraham/masscan)",
        "Mozilla/5.0 (compatible; CensysInspect/1.1; +https://about.censys.io/)",
        "Nuclei - Open-source project (github.com/projectdiscovery/nuclei)",
        "kube-hunter/0.6.8", "Go-http-client/1.1",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36"};
    private static final int[] PUBLIC_FIRST_OCTET = {45, 62, 80, 91, 103, 139, 146, 159, 167, 176, 185, 193, 194, 212, 218};
    private static final String[] IMAGES = {
        "registry.example.com/%s/%s:1.%d.%d", "ghcr.io/example/%s-%s:v2.%d.%d", "%s/%s:3.%d.%d"};
    private static final String[] ENV_NAMES = {
        "LOG_LEVEL", "HTTP_PORT", "DATABASE_URL", "REDIS_ADDR", "OTEL_EXPORTER_OTLP_ENDPOINT", "FEATURE_FLAGS",
        "JAVA_TOOL_OPTIONS", "KAFKA_BOOTSTRAP_SERVERS", "SERVICE_NAME", "REGION", "CACHE_TTL_SECONDS",
        "MAX_CONNECTIONS", "GRPC_PORT", "METRICS_PATH", "TZ", "UPSTREAM_URL", "RETRY_BACKOFF_MS", "S3_BUCKET"};

    /** Minimal JSON writer producing compact output with Go-style escaping (&lt; &gt; &amp; as \\u00XX). */
    static final class Json {
        final StringBuilder sb = new StringBuilder(4096);
        private final boolean[] comma = new boolean[256];
        private final char[] close = new char[256];
        private int depth;
        private boolean afterName;

        void reset() {
            sb.setLength(0);
            depth = 0;
            afterName = false;
            comma[0] = false;
        }

        private void pre() {
            if (afterName) {
                afterName = false;
                return;
            }
            if (comma[depth]) {
                sb.append(',');
            }
            comma[depth] = true;
        }

        Json name(String k) {
            if (comma[depth]) {
                sb.append(',');
            }
            comma[depth] = true;
            quote(k);
            sb.append(':');
            afterName = true;
            return this;
        }

        Json obj() {
            pre();
            sb.append('{');
            depth++;
            comma[depth] = false;
            close[depth] = '}';
            return this;
        }

        Json arr() {
            pre();
            sb.append('[');
            depth++;
            comma[depth] = false;
            close[depth] = ']';
            return this;
        }

        Json obj(String k) {
            return name(k).obj();
        }

        Json arr(String k) {
            return name(k).arr();
        }

        Json end() {
            sb.append(close[depth--]);
            return this;
        }

        Json str(String v) {
            pre();
            quote(v);
            return this;
        }

        Json str(String k, String v) {
            return name(k).str(v);
        }

        Json num(long v) {
            pre();
            sb.append(v);
            return this;
        }

        Json num(String k, long v) {
            return name(k).num(v);
        }

        Json bool(String k, boolean v) {
            name(k);
            pre();
            sb.append(v);
            return this;
        }

        Json nul(String k) {
            name(k);
            pre();
            sb.append("null");
            return this;
        }

        Json strs(String k, String... vs) {
            arr(k);
            for (String v : vs) {
                str(v);
            }
            return end();
        }

        private void quote(String s) {
            StringBuilder b = sb;
            b.append('"');
            for (int i = 0, n = s.length(); i < n; i++) {
                char c = s.charAt(i);
                switch (c) {
                    case '"': b.append("\\\""); break;
                    case '\\': b.append("\\\\"); break;
                    case '\n': b.append("\\n"); break;
                    case '\r': b.append("\\r"); break;
                    case '\t': b.append("\\t"); break;
                    default:
                        if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029') {
                            b.append("\\u");
                            String h = Integer.toHexString(c);
                            for (int p = h.length(); p < 4; p++) {
                                b.append('0');
                            }
                            b.append(h);
                        } else {
                            b.append(c);
                        }
                }
            }
            b.append('"');
        }
    }

    /** One event under construction. */
    static final class Ev {
        String level, auditID, stage, verb, uri, ua;
        boolean anonymousUser; // write "user":{}
        String username, uid;
        String[] groups;
        final List<String[]> extra = new ArrayList<>();
        String[] ips;
        boolean objectRef;
        String resource, ns, name, group, version, sub;
        boolean noStatus;
        int code;
        String statusReason, statusMessage, detailsKind, detailsName;
        Consumer<Json> reqObj, respObj;
        final List<String> ann = new ArrayList<>();
        long recv, stageTs;

        void reset() {
            level = "Metadata";
            auditID = stage = verb = uri = ua = username = uid = null;
            stage = "ResponseComplete";
            anonymousUser = false;
            groups = null;
            extra.clear();
            ips = null;
            objectRef = false;
            resource = ns = name = group = version = sub = null;
            noStatus = false;
            code = 200;
            statusReason = statusMessage = detailsKind = detailsName = null;
            reqObj = respObj = null;
            ann.clear();
            recv = stageTs = 0;
        }

        void ref(String resource, String group, String version, String ns, String name) {
            this.objectRef = true;
            this.resource = resource;
            this.group = group;
            this.version = version;
            this.ns = ns;
            this.name = name;
        }

        void allow(String reason) {
            ann.add("authorization.k8s.io/decision");
            ann.add("allow");
            ann.add("authorization.k8s.io/reason");
            ann.add(reason);
        }

        void forbid(String message) {
            code = 403;
            statusReason = "Forbidden";
            statusMessage = message;
            ann.add("authorization.k8s.io/decision");
            ann.add("forbid");
            ann.add("authorization.k8s.io/reason");
            ann.add("");
        }
    }

    /** An application workload identity (service account bound to a pod). */
    static final class App {
        String ns, name, username, saUid, ua, podName, podUid, podIp, nodeName, jti, image;
    }

    private final SplittableRandom rnd;
    private final Writer out;
    private final Json j = new Json();
    private final Json side = new Json();
    private final Ev ev = new Ev();
    private long clock;
    private long written;
    private long limit;

    private final String[] nodes;
    private final String[] nodeIps;
    private final String[] namespaces;
    private final App[][] apps;
    private final String[] humanIps;
    private final String[] humanGroup;

    CorpusGenerator(long seed, Writer out) {
        this.rnd = new SplittableRandom(seed);
        this.out = out;
        this.clock = Instant.parse("2026-03-02T08:00:00Z").getEpochSecond() * 1_000_000L;

        nodes = new String[150];
        nodeIps = new String[nodes.length];
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < nodes.length; i++) {
            String ip;
            do {
                ip = "10.0." + (16 + rnd.nextInt(48)) + "." + (2 + rnd.nextInt(250));
            } while (!seen.add(ip));
            nodeIps[i] = ip;
            nodes[i] = String.format("worker-%c-%03d", (char) ('a' + i % 4), i);
        }

        Set<String> ns = new LinkedHashSet<>();
        outer:
        for (int k = 0; ; k++) {
            for (String w : NS_WORDS) {
                for (String e : ENVS) {
                    ns.add(k == 0 ? w + "-" + e : w + "-" + e + "-" + (k + 1));
                    if (ns.size() == 300) {
                        break outer;
                    }
                }
            }
        }
        namespaces = ns.toArray(new String[0]);

        apps = new App[namespaces.length][];
        for (int n = 0; n < namespaces.length; n++) {
            String team = namespaces[n].substring(0, namespaces[n].indexOf('-'));
            Set<String> names = new LinkedHashSet<>();
            int count = 6 + rnd.nextInt(15);
            while (names.size() < count) {
                names.add(APP_WORDS[rnd.nextInt(APP_WORDS.length)] + APP_SUFFIX[rnd.nextInt(APP_SUFFIX.length)]);
            }
            apps[n] = new App[count];
            int i = 0;
            for (String name : names) {
                App a = new App();
                a.ns = namespaces[n];
                a.name = name;
                a.username = "system:serviceaccount:" + a.ns + ":" + name;
                a.ua = name + "/v" + (1 + rnd.nextInt(4)) + "." + rnd.nextInt(20) + "." + rnd.nextInt(10)
                        + " (linux/amd64) kubernetes/" + hex(7);
                a.podName = name + "-" + hex(10) + "-" + alnum(5);
                a.podUid = uuid();
                a.saUid = uuid();
                a.podIp = "10.244." + rnd.nextInt(256) + "." + (2 + rnd.nextInt(250));
                a.nodeName = nodes[rnd.nextInt(nodes.length)];
                a.jti = uuid();
                a.image = String.format(IMAGES[rnd.nextInt(IMAGES.length)], team, name, rnd.nextInt(30), rnd.nextInt(10));
                apps[n][i++] = a;
            }
        }

        humanIps = new String[HUMANS.length];
        humanGroup = new String[HUMANS.length];
        for (int i = 0; i < HUMANS.length; i++) {
            humanIps[i] = rnd.nextBoolean() ? "10.8." + rnd.nextInt(8) + "." + (2 + rnd.nextInt(250))
                    : "203.0.113." + (2 + rnd.nextInt(250));
            humanGroup[i] = HUMAN_GROUPS[rnd.nextInt(HUMAN_GROUPS.length)];
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: CorpusGenerator <events> <output.jsonl> [seed]");
            System.exit(2);
        }
        long n = Long.parseLong(args[0]);
        Path path = Paths.get(args[1]);
        long seed = args.length == 3 ? Long.parseLong(args[2]) : 42L;
        if (n < 0) {
            throw new IllegalArgumentException("events must be >= 0: " + n);
        }
        long t0 = System.nanoTime();
        try (Writer w = new BufferedWriter(
                new OutputStreamWriter(Files.newOutputStream(path), StandardCharsets.UTF_8), 1 << 20)) {
            new CorpusGenerator(seed, w).generate(n);
        }
        long bytes = Files.size(path);
        System.err.printf("CorpusGenerator: %d events, %d bytes (avg %d bytes/event) -> %s in %d ms%n",
                n, bytes, n == 0 ? 0 : bytes / n, path, (System.nanoTime() - t0) / 1_000_000);
    }

    void generate(long n) throws IOException {
        limit = n;
        while (written < limit) {
            int r = rnd.nextInt(1000);
            if (r < 700) {
                controlPlane();
                emit();
            } else if (r < 850) {
                appAccount();
                emit();
            } else if (r < 930) {
                human();
                emit();
            } else if (r < 950) {
                requestReceived();
                emit();
            } else if (r < 970) {
                largeList();
                emit();
            } else {
                attack();
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // traffic classes

    private void controlPlane() {
        ev.reset();
        int who = rnd.nextInt(100);
        int roll = rnd.nextInt(100);
        if (who < 40) {
            int n = rnd.nextInt(nodes.length);
            String node = nodes[n];
            user("system:node:" + node, "system:nodes", "system:authenticated");
            ev.ips = new String[] {nodeIps[n]};
            ev.ua = KUBELET_UA;
            if (roll < 45) {
                lease(rnd.nextInt(3) == 0 ? "get" : "update", "kube-node-lease", node);
            } else if (roll < 65) {
                App a = randomApp();
                if (rnd.nextInt(3) == 0) {
                    resourceReq("watch", "pods", "", "v1", null, null);
                    ev.uri = "/api/v1/pods?allowWatchBookmarks=true&fieldSelector=spec.nodeName%3D" + node
                            + "&resourceVersion=" + (80_000_000 + rnd.nextInt(20_000_000)) + "&timeoutSeconds=" + (300 + rnd.nextInt(300))
                            + "&watch=true";
                } else {
                    resourceReq("get", "pods", "", "v1", a.ns, a.podName);
                }
            } else if (roll < 85) {
                resourceReq(pick("get", "update", "watch"), "nodes", "", "v1", null, node);
                if ("update".equals(ev.verb)) {
                    ev.sub = "status";
                    ev.uri = "/api/v1/nodes/" + node + "/status?timeout=10s";
                }
            } else {
                String verb = pick("get", "watch", "list");
                resourceReq(verb, "configmaps", "", "v1", randomNs(), "get".equals(verb) ? "kube-root-ca.crt" : null);
            }
            ev.allow(rbac("ClusterRoleBinding", "system:node", "ClusterRole", "system:node", "User", ev.username));
        } else if (who < 62) {
            String ctl = CONTROLLERS[rnd.nextInt(CONTROLLERS.length)];
            user("system:kube-controller-manager", AUTHENTICATED);
            ev.ips = new String[] {"10.0.0." + (10 + rnd.nextInt(3))};
            if (roll < 30) {
                ev.ua = KCM_UA + "/leader-election";
                lease(rnd.nextInt(4) == 0 ? "get" : "update", "kube-system", "kube-controller-manager");
            } else {
                ev.ua = KCM_UA + "/system:serviceaccount:kube-system:" + ctl;
                String[] res = {"pods", "endpoints", "endpointslices", "configmaps", "events", "leases"};
                String r = res[rnd.nextInt(res.length)];
                genericResource(r, pick("get", "list", "watch", "update"));
            }
            ev.allow(rbac("ClusterRoleBinding", "system:kube-controller-manager", "ClusterRole",
                    "system:kube-controller-manager", "User", "system:kube-controller-manager"));
        } else if (who < 78) {
            user("system:kube-scheduler", AUTHENTICATED);
            ev.ips = new String[] {"10.0.0." + (10 + rnd.nextInt(3))};
            if (roll < 40) {
                ev.ua = SCHED_UA + "/leader-election";
                lease(rnd.nextInt(4) == 0 ? "get" : "update", "kube-system", "kube-scheduler");
            } else {
                ev.ua = SCHED_UA + "/scheduler";
                genericResource(pick("pods", "nodes", "pods", "configmaps"), pick("list", "watch", "get"));
            }
            ev.allow(rbac("ClusterRoleBinding", "system:kube-scheduler", "ClusterRole", "system:kube-scheduler",
                    "User", "system:kube-scheduler"));
        } else {
            String sa = KS_SA[rnd.nextInt(KS_SA.length)];
            user("system:serviceaccount:kube-system:" + sa,
                    "system:serviceaccounts", "system:serviceaccounts:kube-system", "system:authenticated");
            String podIp = "10.244." + rnd.nextInt(4) + "." + (2 + rnd.nextInt(250));
            ev.extra.add(new String[] {"authentication.kubernetes.io/pod-name", sa + "-" + hex(10) + "-" + alnum(5)});
            ev.ips = new String[] {podIp};
            ev.ua = sa + "/v" + (1 + sa.length() % 3) + "." + sa.length() + ".0 (linux/amd64) kubernetes/" + K8S_COMMIT;
            genericResource(pick("endpointslices", "endpoints", "nodes", "pods", "configmaps", "leases", "events"),
                    pick("list", "watch", "get", "update"));
            ev.allow(rbac("ClusterRoleBinding", "system:" + sa, "ClusterRole", "system:" + sa,
                    "ServiceAccount", sa + "/kube-system"));
        }
    }

    private void appAccount() {
        ev.reset();
        App a = randomApp();
        appUser(a);
        ev.ips = new String[] {a.podIp};
        ev.ua = a.ua;
        String resource = rnd.nextInt(10) < 6 ? "configmaps" : "secrets";
        int v = rnd.nextInt(100);
        if (v < 70) {
            String name = pick(a.name + "-config", a.name + "-env", a.name + "-tls", "kube-root-ca.crt", a.name + "-db");
            resourceReq("get", resource, "", "v1", a.ns, name);
        } else if (v < 85) {
            resourceReq("list", resource, "", "v1", a.ns, null);
        } else {
            resourceReq("watch", resource, "", "v1", a.ns, null);
        }
        ev.allow(rbac("RoleBinding", a.name + "-reader/" + a.ns, "Role", a.name + "-reader", "ServiceAccount",
                a.name + "/" + a.ns));
    }

    private void human() {
        ev.reset();
        int h = humanUser();
        ev.level = "Request";
        String ns = randomNs();
        App a = randomAppIn(ns);
        String kind = pick("pods", "deployments", "deployments", "services", "configmaps");
        boolean patch = !"pods".equals(kind) && rnd.nextInt(3) == 0;
        String group = "deployments".equals(kind) ? "apps" : "";
        if (patch) {
            String name = a.name;
            ev.verb = "patch";
            ev.ref(kind, group, "v1", ns, name);
            ev.uri = base(group, "v1", ns) + "/" + kind + "/" + name
                    + pick("?fieldManager=kubectl-client-side-apply&fieldValidation=Strict", "?fieldManager=kubectl-edit&fieldValidation=Strict",
                            "?fieldManager=kubectl-set");
            ev.code = 200;
            if ("deployments".equals(kind)) {
                int containers = 1 + rnd.nextInt(2);
                int envs = 8 + rnd.nextInt(24);
                ev.reqObj = x -> {
                    x.obj().obj("spec").obj("template").obj("metadata").obj("annotations")
                            .str("kubectl.kubernetes.io/restartedAt", ts(ev.recv - 1000)).end().end()
                            .obj("spec").arr("containers");
                    for (int c = 0; c < containers; c++) {
                        container(x, a, c, envs, false);
                    }
                    x.end().end().end().end().end();
                };
            } else if ("services".equals(kind)) {
                ev.reqObj = x -> service(x, a, true);
            } else {
                ev.reqObj = x -> configMap(x, a, true);
            }
        } else {
            ev.verb = "create";
            String name = "pods".equals(kind) ? a.name + "-" + alnum(5) : a.name;
            ev.ref(kind, group, "v1", ns, name);
            ev.uri = base(group, "v1", ns) + "/" + kind + "?fieldManager=kubectl-client-side-apply&fieldValidation=Strict";
            ev.code = 201;
            switch (kind) {
                case "pods": {
                    int containers = 1 + rnd.nextInt(3);
                    int envs = 3 + rnd.nextInt(13);
                    ev.reqObj = x -> pod(x, a, name, containers, envs, false, false);
                    ev.ann.add("pod-security.kubernetes.io/enforce-policy");
                    ev.ann.add("baseline:latest");
                    break;
                }
                case "deployments": {
                    int containers = 1 + rnd.nextInt(3);
                    int envs = 3 + rnd.nextInt(13);
                    ev.reqObj = x -> deployment(x, a, containers, envs);
                    break;
                }
                case "services":
                    ev.reqObj = x -> service(x, a, false);
                    break;
                default:
                    ev.reqObj = x -> configMap(x, a, false);
            }
        }
        ev.allow(humanReason(h, ns));
    }

    private void requestReceived() {
        if (rnd.nextInt(3) == 0) {
            appAccount();
        } else {
            controlPlane();
        }
        ev.stage = "RequestReceived";
        ev.noStatus = true;
        ev.ann.clear();
    }

    private void largeList() {
        ev.reset();
        ev.level = "RequestResponse";
        String ns = randomNs();
        int who = rnd.nextInt(3);
        if (who == 0) {
            humanUser();
        } else {
            user("system:kube-controller-manager", AUTHENTICATED);
            ev.ips = new String[] {"10.0.0." + (10 + rnd.nextInt(3))};
            ev.ua = KCM_UA + "/system:serviceaccount:kube-system:" + CONTROLLERS[rnd.nextInt(CONTROLLERS.length)];
        }
        resourceReq("list", "pods", "", "v1", ns, null);
        ev.uri = "/api/v1/namespaces/" + ns + "/pods?limit=500";
        ev.allow(who == 0 ? humanReason(rnd.nextInt(HUMANS.length), ns)
                : rbac("ClusterRoleBinding", "system:kube-controller-manager", "ClusterRole",
                        "system:kube-controller-manager", "User", "system:kube-controller-manager"));
        int target = 20_000 + rnd.nextInt(34_000);
        String rv = Long.toString(80_000_000L + rnd.nextInt(20_000_000));
        ev.respObj = x -> {
            int start = x.sb.length();
            x.obj().str("kind", "PodList").str("apiVersion", "v1").obj("metadata").str("resourceVersion", rv).end()
                    .arr("items");
            App[] pool = apps[indexOf(ns)];
            int i = 0;
            while (x.sb.length() - start < target) {
                App a = pool[i++ % pool.length];
                pod(x, a, a.name + "-" + hex(10) + "-" + alnum(5), 1 + rnd.nextInt(2), 3 + rnd.nextInt(6), false, true);
            }
            x.end().end();
        };
    }

    private void attack() throws IOException {
        ev.reset();
        switch (rnd.nextInt(7)) {
            case 0: anonymousForbidden(); emit(); break;
            case 1: unauthenticated(); emit(); break;
            case 2: execPair(); break;
            case 3: privilegedPod(); emit(); break;
            case 4: secretListAllNamespaces(); emit(); break;
            case 5: clusterAdminBinding(); emit(); break;
            default: toolToken(); emit(); break;
        }
    }

    private void anonymousForbidden() {
        user("system:anonymous", "system:unauthenticated");
        ev.ips = new String[] {publicIp()};
        ev.ua = SCANNER_UAS[rnd.nextInt(SCANNER_UAS.length)];
        int t = rnd.nextInt(6);
        if (t == 5) {
            String path = pick("/.env", "/api/v1/../../etc/passwd", "/metrics", "/debug/pprof/", "/logs/");
            ev.verb = "get";
            ev.uri = path;
            ev.forbid("forbidden: User \"system:anonymous\" cannot get path \"" + path + "\"");
            return;
        }
        String[][] targets = {
            {"list", "secrets", "", null}, {"list", "secrets", "", "kube-system"}, {"list", "pods", "", null},
            {"list", "nodes", "", null}, {"list", "deployments", "apps", null}};
        String[] tg = targets[t];
        resourceReq(tg[0], tg[1], tg[2], "v1", tg[3], null);
        ev.detailsKind = tg[1];
        String scope = tg[3] == null ? "at the cluster scope" : "in the namespace \"" + tg[3] + "\"";
        ev.forbid(tg[1] + " is forbidden: User \"system:anonymous\" cannot list resource \"" + tg[1]
                + "\" in API group \"" + tg[2] + "\" " + scope);
    }

    private void unauthenticated() {
        ev.anonymousUser = true;
        ev.stage = "ResponseStarted";
        ev.ips = new String[] {publicIp()};
        ev.ua = rnd.nextBoolean() ? SCANNER_UAS[rnd.nextInt(SCANNER_UAS.length)] : KUBECTL_UA;
        resourceReq("list", pick("pods", "secrets", "namespaces", "nodes"), "", "v1", null, null);
        ev.code = 401;
        ev.statusReason = "Unauthorized";
        ev.statusMessage = "Unauthorized";
    }

    private void execPair() throws IOException {
        App a = randomApp();
        boolean byHuman = rnd.nextBoolean();
        String reason;
        if (byHuman) {
            int h = humanUser();
            reason = humanReason(h, a.ns);
        } else {
            App attacker = randomApp();
            appUser(attacker);
            ev.ips = new String[] {attacker.podIp};
            ev.ua = pick("kubectl/v1.29.0 (linux/amd64) kubernetes/3f7a50f", "curl/8.5.0", "python-requests/2.31.0");
            reason = rbac("RoleBinding", "debug-exec/" + a.ns, "ClusterRole", "edit", "ServiceAccount",
                    attacker.name + "/" + attacker.ns);
        }
        ev.verb = "create";
        ev.ref("pods", "", "v1", a.ns, a.podName);
        ev.sub = "exec";
        ev.uri = "/api/v1/namespaces/" + a.ns + "/pods/" + a.podName
                + "/exec?command=%2Fbin%2Fsh&command=-c&command=cat%20%2Fvar%2Frun%2Fsecrets%2Fkubernetes.io%2Fserviceaccount%2Ftoken&container=app&stdin=true&tty=true";
        ev.code = 101;
        ev.allow(reason);
        ev.stage = "ResponseStarted";
        emit();
        if (written >= limit) {
            return;
        }
        ev.stage = "ResponseComplete";
        // same auditID for both stages
        ev.stageTs = ev.stageTs + 500_000 + rnd.nextInt(4_500_000);
        clock = ev.stageTs;
        writeEvent();
    }

    private void privilegedPod() {
        boolean byHuman = rnd.nextBoolean();
        String ns = pick("default", "kube-system", randomNs());
        String reason;
        App a;
        if (byHuman) {
            int h = humanUser();
            reason = humanReason(h, ns);
            a = randomAppIn(ns.startsWith("kube-") || "default".equals(ns) ? randomNs() : ns);
        } else {
            a = randomApp();
            appUser(a);
            ev.ips = new String[] {rnd.nextBoolean() ? a.podIp : publicIp()};
            ev.ua = pick(KUBECTL_UA, "curl/8.5.0", "python-requests/2.31.0");
            reason = rbac("ClusterRoleBinding", a.name + "-deployer", "ClusterRole", "edit", "ServiceAccount",
                    a.name + "/" + a.ns);
        }
        ev.level = "Request";
        String name = pick("node-shell-", "debug-", "pwn-", "sys-diag-") + alnum(5);
        ev.verb = "create";
        ev.ref("pods", "", "v1", ns, name);
        ev.uri = "/api/v1/namespaces/" + ns + "/pods?fieldManager=kubectl-run";
        ev.code = 201;
        ev.reqObj = x -> pod(x, a, name, 1, 2, true, false);
        ev.ann.add("pod-security.kubernetes.io/enforce-policy");
        ev.ann.add("privileged:latest");
        ev.allow(reason);
    }

    private void secretListAllNamespaces() {
        App a = randomApp();
        if (rnd.nextBoolean()) {
            appUser(a);
            ev.ips = new String[] {rnd.nextBoolean() ? a.podIp : publicIp()};
            ev.ua = pick("curl/8.5.0", "python-requests/2.31.0", a.ua);
            ev.allow(rbac("ClusterRoleBinding", a.name + "-secrets", "ClusterRole", "secret-reader", "ServiceAccount",
                    a.name + "/" + a.ns));
        } else {
            int h = humanUser();
            ev.allow(humanReason(h, null));
        }
        resourceReq("list", "secrets", "", "v1", null, null);
        ev.uri = "/api/v1/secrets?limit=500";
    }

    private void clusterAdminBinding() {
        boolean byHuman = rnd.nextBoolean();
        String subject;
        String subjectNs = null;
        String reason;
        if (byHuman) {
            int h = humanUser();
            reason = humanReason(h, null);
            subject = pick("backdoor", "tmp-admin", "ci-bot", HUMANS[rnd.nextInt(HUMANS.length)]);
        } else {
            App a = randomApp();
            appUser(a);
            ev.ips = new String[] {rnd.nextBoolean() ? a.podIp : publicIp()};
            ev.ua = pick(KUBECTL_UA, "curl/8.5.0", "python-requests/2.31.0");
            reason = rbac("ClusterRoleBinding", a.name + "-rbac-manager", "ClusterRole", "rbac-manager",
                    "ServiceAccount", a.name + "/" + a.ns);
            subject = a.name;
            subjectNs = a.ns;
        }
        ev.level = "RequestResponse";
        String name = pick("cluster-admin-", "crb-", "system:controller:") + alnum(6);
        ev.verb = "create";
        ev.ref("clusterrolebindings", "rbac.authorization.k8s.io", "v1", null, name);
        ev.uri = "/apis/rbac.authorization.k8s.io/v1/clusterrolebindings?fieldManager=kubectl-create&fieldValidation=Strict";
        ev.code = 201;
        String sNs = subjectNs;
        Consumer<Json> body = x -> {
            x.obj().str("kind", "ClusterRoleBinding").str("apiVersion", "rbac.authorization.k8s.io/v1")
                    .obj("metadata").str("name", name).end()
                    .arr("subjects").obj();
            if (sNs != null) {
                x.str("kind", "ServiceAccount").str("name", subject).str("namespace", sNs);
            } else {
                x.str("kind", "User").str("apiGroup", "rbac.authorization.k8s.io").str("name", subject);
            }
            x.end().end()
                    .obj("roleRef").str("apiGroup", "rbac.authorization.k8s.io").str("kind", "ClusterRole")
                    .str("name", "cluster-admin").end()
                    .end();
        };
        ev.reqObj = body;
        ev.respObj = body;
        ev.allow(reason);
    }

    private void toolToken() {
        App a = randomApp();
        appUser(a);
        ev.ips = new String[] {rnd.nextInt(3) == 0 ? publicIp() : a.podIp};
        ev.ua = rnd.nextBoolean() ? "curl/8.5.0" : "python-requests/2.31.0";
        int t = rnd.nextInt(4);
        String denied = null;
        if (t == 0) {
            resourceReq("get", "secrets", "", "v1", "kube-system", pick("admin-token", "bootstrap-token-abcdef", "aws-secret"));
            denied = "secrets \"" + ev.name + "\" is forbidden: User \"" + a.username
                    + "\" cannot get resource \"secrets\" in API group \"\" in the namespace \"kube-system\"";
            ev.detailsKind = "secrets";
            ev.detailsName = ev.name;
        } else if (t == 1) {
            resourceReq("list", "pods", "", "v1", null, null);
            denied = "pods is forbidden: User \"" + a.username
                    + "\" cannot list resource \"pods\" in API group \"\" at the cluster scope";
            ev.detailsKind = "pods";
        } else if (t == 2) {
            ev.verb = "create";
            ev.ref("selfsubjectrulesreviews", "authorization.k8s.io", "v1", null, null);
            ev.uri = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";
            ev.code = 201;
        } else {
            resourceReq("get", "namespaces", "", "v1", null, null);
            ev.verb = "list";
        }
        if (denied != null && rnd.nextBoolean()) {
            ev.forbid(denied);
        } else {
            ev.allow(rbac("ClusterRoleBinding", "system:basic-user", "ClusterRole", "system:basic-user", "Group",
                    "system:authenticated"));
        }
    }

    // ---------------------------------------------------------------------------------------
    // request helpers

    private void user(String name, String... groups) {
        ev.username = name;
        ev.groups = groups;
    }

    private void appUser(App a) {
        user(a.username, "system:serviceaccounts", "system:serviceaccounts:" + a.ns, "system:authenticated");
        ev.uid = a.saUid;
        ev.extra.add(new String[] {"authentication.kubernetes.io/credential-id", "JTI=" + a.jti});
        ev.extra.add(new String[] {"authentication.kubernetes.io/node-name", a.nodeName});
        ev.extra.add(new String[] {"authentication.kubernetes.io/pod-name", a.podName});
        ev.extra.add(new String[] {"authentication.kubernetes.io/pod-uid", a.podUid});
    }

    private int humanUser() {
        int h = rnd.nextInt(HUMANS.length);
        if ("kubernetes-admin".equals(HUMANS[h])) {
            user(HUMANS[h], "kubeadm:cluster-admins", "system:authenticated");
        } else {
            user(HUMANS[h], humanGroup[h], "system:authenticated");
        }
        ev.ips = new String[] {humanIps[h]};
        ev.ua = KUBECTL_UA;
        return h;
    }

    private String humanReason(int h, String ns) {
        if ("kubernetes-admin".equals(HUMANS[h])) {
            return rbac("ClusterRoleBinding", "kubeadm:cluster-admins", "ClusterRole", "cluster-admin", "Group",
                    "kubeadm:cluster-admins");
        }
        if (ns == null || rnd.nextBoolean()) {
            return rbac("ClusterRoleBinding", humanGroup[h] + "-admins", "ClusterRole", "cluster-admin", "Group",
                    humanGroup[h]);
        }
        return rbac("RoleBinding", humanGroup[h] + "-edit/" + ns, "ClusterRole", "edit", "User", HUMANS[h]);
    }

    private static String rbac(String bindingKind, String binding, String roleKind, String role, String subjectKind,
            String subject) {
        return "RBAC: allowed by " + bindingKind + " \"" + binding + "\" of " + roleKind + " \"" + role + "\" to "
                + subjectKind + " \"" + subject + "\"";
    }

    private void lease(String verb, String ns, String name) {
        resourceReq(verb, "leases", "coordination.k8s.io", "v1", ns, name);
        ev.uri = "/apis/coordination.k8s.io/v1/namespaces/" + ns + "/leases/" + name + "?timeout=10s";
    }

    /** A resource request of a control-plane component against a random namespace. */
    private void genericResource(String resource, String verb) {
        String group = "";
        if ("endpointslices".equals(resource)) {
            group = "discovery.k8s.io";
        } else if ("leases".equals(resource)) {
            group = "coordination.k8s.io";
        } else if ("events".equals(resource) && rnd.nextBoolean()) {
            group = "events.k8s.io";
        }
        boolean clusterScoped = "nodes".equals(resource);
        String ns = clusterScoped ? null : ("list".equals(verb) || "watch".equals(verb)) && rnd.nextBoolean() ? null : randomNs();
        String name = null;
        if ("get".equals(verb) || "update".equals(verb)) {
            if (clusterScoped) {
                name = nodes[rnd.nextInt(nodes.length)];
            } else {
                if (ns == null) {
                    ns = randomNs();
                }
                App a = randomAppIn(ns);
                name = "pods".equals(resource) ? a.podName : "events".equals(resource)
                        ? a.podName + "." + hex(16) : a.name;
            }
        }
        resourceReq(verb, resource, group, "v1", ns, name);
    }

    private void resourceReq(String verb, String resource, String group, String version, String ns, String name) {
        ev.verb = verb;
        ev.ref(resource, group, version, ns, name);
        StringBuilder u = new StringBuilder(128).append(base(group, version, ns)).append('/').append(resource);
        boolean collection = "list".equals(verb) || "watch".equals(verb);
        if (name != null && !collection) {
            u.append('/').append(name);
        }
        String selector = name != null && collection ? "fieldSelector=metadata.name%3D" + name + "&" : "";
        switch (verb) {
            case "list":
                u.append('?').append(selector).append(rnd.nextBoolean() ? "limit=500&resourceVersion=0" : "resourceVersion=" + (80_000_000 + rnd.nextInt(20_000_000)));
                break;
            case "watch": {
                int secs = 300 + rnd.nextInt(300);
                u.append("?allowWatchBookmarks=true&").append(selector).append("resourceVersion=").append(80_000_000 + rnd.nextInt(20_000_000))
                        .append("&timeout=").append(secs / 60).append('m').append(secs % 60).append("s&timeoutSeconds=")
                        .append(secs).append("&watch=true");
                break;
            }
            case "update":
            case "get":
                if (rnd.nextBoolean()) {
                    u.append("?timeout=10s");
                }
                break;
            default:
                break;
        }
        ev.uri = u.toString();
    }

    private static String base(String group, String version, String ns) {
        String b = group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
        return ns == null ? b : b + "/namespaces/" + ns;
    }

    // ---------------------------------------------------------------------------------------
    // object bodies

    private void pod(Json x, App a, String name, int containers, int envs, boolean privileged, boolean withStatus) {
        x.obj().str("kind", "Pod").str("apiVersion", "v1");
        x.obj("metadata").str("name", name);
        if (!privileged) {
            x.str("namespace", a.ns);
        }
        if (withStatus) {
            x.str("uid", uuid()).str("resourceVersion", Long.toString(80_000_000L + rnd.nextInt(20_000_000)))
                    .str("creationTimestamp", ts(clock - 86_400_000_000L).substring(0, 19) + "Z")
                    .str("generateName", name.substring(0, name.lastIndexOf('-') + 1));
        }
        x.obj("labels").str("app", a.name).str("app.kubernetes.io/name", a.name)
                .str("app.kubernetes.io/part-of", a.ns.substring(0, a.ns.indexOf('-')))
                .str("pod-template-hash", hex(10)).end();
        if (withStatus) {
            x.arr("ownerReferences").obj().str("apiVersion", "apps/v1").str("kind", "ReplicaSet")
                    .str("name", a.name + "-" + hex(10)).str("uid", uuid()).bool("controller", true)
                    .bool("blockOwnerDeletion", true).end().end();
        }
        x.end();
        x.obj("spec");
        podSpec(x, a, containers, envs, privileged, withStatus);
        x.end();
        if (withStatus) {
            String started = ts(clock - 3_600_000_000L - rnd.nextInt(1_000_000_000)).substring(0, 19) + "Z";
            x.obj("status").str("phase", "Running").arr("conditions");
            for (String c : new String[] {"PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady",
                "PodScheduled"}) {
                x.obj().str("type", c).str("status", "True").nul("lastProbeTime").str("lastTransitionTime", started).end();
            }
            String podIp = "10.244." + rnd.nextInt(256) + "." + (2 + rnd.nextInt(250));
            x.end().str("hostIP", nodeIps[rnd.nextInt(nodeIps.length)]).str("podIP", podIp)
                    .arr("podIPs").obj().str("ip", podIp).end().end()
                    .str("startTime", started).arr("containerStatuses");
            for (int c = 0; c < containers; c++) {
                x.obj().str("name", c == 0 ? "app" : "sidecar-" + c)
                        .obj("state").obj("running").str("startedAt", started).end().end()
                        .obj("lastState").end().bool("ready", true).num("restartCount", rnd.nextInt(3))
                        .str("image", a.image).str("imageID", a.image.replaceAll(":[^:/]+$", "") + "@sha256:" + hex(64))
                        .str("containerID", "containerd://" + hex(64)).bool("started", true).end();
            }
            x.end().str("qosClass", "Burstable").end();
        }
        x.end();
    }

    private void podSpec(Json x, App a, int containers, int envs, boolean privileged, boolean withNode) {
        if (privileged) {
            x.bool("hostPID", true).bool("hostNetwork", true).bool("hostIPC", rnd.nextBoolean());
        }
        x.arr("volumes");
        if (privileged) {
            x.obj().str("name", "host-root").obj("hostPath").str("path", "/").str("type", "Directory").end().end();
        } else {
            x.obj().str("name", "config").obj("configMap").str("name", a.name + "-config").num("defaultMode", 420).end().end();
            x.obj().str("name", "tls").obj("secret").str("secretName", a.name + "-tls").num("defaultMode", 420).end().end();
            x.obj().str("name", "tmp").obj("emptyDir").str("sizeLimit", "256Mi").end().end();
        }
        x.end();
        x.arr("containers");
        for (int c = 0; c < containers; c++) {
            container(x, a, c, envs, privileged);
        }
        x.end();
        x.str("restartPolicy", privileged ? "Never" : "Always").num("terminationGracePeriodSeconds", 30)
                .str("dnsPolicy", "ClusterFirst").str("serviceAccountName", privileged ? "default" : a.name);
        if (withNode) {
            x.str("nodeName", a.nodeName);
        }
        if (privileged) {
            x.obj("securityContext").end();
            x.arr("tolerations").obj().str("operator", "Exists").end().end();
        } else {
            x.obj("securityContext").bool("runAsNonRoot", true).num("fsGroup", 10001)
                    .obj("seccompProfile").str("type", "RuntimeDefault").end().end();
        }
        x.str("schedulerName", "default-scheduler");
    }

    private void container(Json x, App a, int c, int envs, boolean privileged) {
        x.obj().str("name", c == 0 ? (privileged ? "shell" : "app") : "sidecar-" + c);
        if (privileged) {
            x.str("image", pick("alpine:3.19", "busybox:1.36", "ubuntu:22.04"))
                    .strs("command", "nsenter", "--target", "1", "--mount", "--uts", "--ipc", "--net", "--pid", "--", "sh")
                    .bool("stdin", true).bool("tty", true)
                    .arr("volumeMounts").obj().str("name", "host-root").str("mountPath", "/host").end().end()
                    .obj("securityContext").bool("privileged", true).bool("allowPrivilegeEscalation", true)
                    .num("runAsUser", 0).obj("capabilities").strs("add", "SYS_ADMIN", "NET_ADMIN").end().end()
                    .end();
            return;
        }
        x.str("image", c == 0 ? a.image : pick("envoyproxy/envoy:v1.29.2", "otel/opentelemetry-collector:0.98.0",
                "fluent/fluent-bit:3.0.2"))
                .str("imagePullPolicy", "IfNotPresent")
                .strs("args", "--config=/etc/app/config.yaml", "--port=8080", "--log-format=json");
        x.arr("ports").obj().str("name", "http").num("containerPort", 8080 + c).str("protocol", "TCP").end()
                .obj().str("name", "metrics").num("containerPort", 9090 + c).str("protocol", "TCP").end().end();
        x.arr("env");
        for (int e = 0; e < envs; e++) {
            String n = ENV_NAMES[e % ENV_NAMES.length] + (e >= ENV_NAMES.length ? "_" + e : "");
            x.obj().str("name", n);
            switch (e % 6) {
                case 2:
                    x.obj("valueFrom").obj("secretKeyRef").str("name", a.name + "-db").str("key", "url").end().end();
                    break;
                case 5:
                    x.obj("valueFrom").obj("fieldRef").str("apiVersion", "v1").str("fieldPath", "status.podIP").end().end();
                    break;
                default:
                    x.str("value", envValue(n, a));
            }
            x.end();
        }
        x.end();
        x.obj("resources").obj("limits").str("cpu", (1 + rnd.nextInt(4)) + "").str("memory", (256 << rnd.nextInt(4)) + "Mi").end()
                .obj("requests").str("cpu", (50 * (1 + rnd.nextInt(10))) + "m").str("memory", (128 << rnd.nextInt(3)) + "Mi").end().end();
        x.arr("volumeMounts")
                .obj().str("name", "config").str("mountPath", "/etc/app").bool("readOnly", true).end()
                .obj().str("name", "tls").str("mountPath", "/etc/tls").bool("readOnly", true).end()
                .obj().str("name", "tmp").str("mountPath", "/tmp").end().end();
        x.obj("livenessProbe").obj("httpGet").str("path", "/healthz").num("port", 8080 + c).str("scheme", "HTTP").end()
                .num("initialDelaySeconds", 10).num("periodSeconds", 10).num("failureThreshold", 3).end();
        x.obj("readinessProbe").obj("httpGet").str("path", "/ready").num("port", 8080 + c).str("scheme", "HTTP").end()
                .num("periodSeconds", 5).end();
        x.obj("securityContext").bool("allowPrivilegeEscalation", false).bool("readOnlyRootFilesystem", true)
                .num("runAsUser", 10001).bool("runAsNonRoot", true)
                .obj("capabilities").strs("drop", "ALL").end().end();
        x.end();
    }

    private String envValue(String n, App a) {
        if (n.startsWith("DATABASE_URL")) {
            return "postgres://" + a.name + "@db." + a.ns + ".svc.cluster.local:5432/app?sslmode=require&pool=20";
        }
        if (n.startsWith("UPSTREAM_URL")) {
            return "http://gateway." + a.ns + ".svc.cluster.local:8080/v1?tenant=eu&retry=3";
        }
        if (n.startsWith("JAVA_TOOL_OPTIONS")) {
            return "-XX:MaxRAMPercentage=75 -Dfile.encoding=UTF-8 -Duser.timezone=UTC";
        }
        if (n.startsWith("FEATURE_FLAGS")) {
            return "new-checkout,fast-search,beta-prices";
        }
        if (n.startsWith("OTEL")) {
            return "http://otel-collector.observability.svc:4317";
        }
        if (n.startsWith("TZ")) {
            return "Europe/Berlin";
        }
        return a.name + "-" + hex(6);
    }

    private void deployment(Json x, App a, int containers, int envs) {
        x.obj().str("kind", "Deployment").str("apiVersion", "apps/v1")
                .obj("metadata").str("name", a.name).str("namespace", a.ns)
                .obj("labels").str("app", a.name).str("app.kubernetes.io/managed-by", "kubectl").end().end()
                .obj("spec").num("replicas", 1 + rnd.nextInt(6)).num("revisionHistoryLimit", 10)
                .obj("selector").obj("matchLabels").str("app", a.name).end().end()
                .obj("strategy").str("type", "RollingUpdate").obj("rollingUpdate").str("maxSurge", "25%")
                .num("maxUnavailable", 0).end().end()
                .obj("template").obj("metadata").obj("labels").str("app", a.name).str("version", "v" + rnd.nextInt(9)).end()
                .obj("annotations").str("prometheus.io/scrape", "true").str("prometheus.io/port", "9090").end().end()
                .obj("spec");
        podSpec(x, a, containers, envs, false, false);
        x.end().end().end().end();
    }

    private void service(Json x, App a, boolean patch) {
        side.reset();
        side.obj().str("apiVersion", "v1").str("kind", "Service")
                .obj("metadata").obj("annotations").str("prometheus.io/scrape", "true").end()
                .obj("labels").str("app", a.name).end().str("name", a.name).str("namespace", a.ns).end()
                .obj("spec").arr("ports").obj().str("name", "http").num("port", 80).num("targetPort", 8080).end()
                .obj().str("name", "grpc").num("port", 9000).num("targetPort", 9000).end().end()
                .obj("selector").str("app", a.name).end().str("type", "ClusterIP").end().end();
        String lastApplied = side.sb.toString() + "\n";
        x.obj();
        if (!patch) {
            x.str("kind", "Service").str("apiVersion", "v1");
        }
        x.obj("metadata");
        if (!patch) {
            x.str("name", a.name).str("namespace", a.ns).obj("labels").str("app", a.name).end();
        }
        x.obj("annotations").str("kubectl.kubernetes.io/last-applied-configuration", lastApplied)
                .str("prometheus.io/scrape", "true").str("service.beta.kubernetes.io/aws-load-balancer-internal", "true")
                .end().end();
        x.obj("spec").arr("ports");
        int ports = 2 + rnd.nextInt(6);
        for (int p = 0; p < ports; p++) {
            x.obj().str("name", p == 0 ? "http" : "port-" + p).num("port", p == 0 ? 80 : 9000 + p)
                    .num("targetPort", 8080 + p).str("protocol", "TCP").end();
        }
        x.end().obj("selector").str("app", a.name).end().str("type", "ClusterIP")
                .str("sessionAffinity", "None").strs("ipFamilies", "IPv4").str("ipFamilyPolicy", "SingleStack")
                .end().end();
    }

    private void configMap(Json x, App a, boolean patch) {
        StringBuilder yaml = new StringBuilder(4096);
        yaml.append("# ").append(a.name).append(" configuration \u2014 managed by platform-team\nserver:\n  port: 8080\n")
                .append("  greeting: \"Grüße aus ").append(a.ns).append(" \uD83D\uDE80\"\nclients:\n");
        int entries = 5 + rnd.nextInt(21);
        for (int i = 0; i < entries; i++) {
            yaml.append("  - name: upstream-").append(i).append("\n    url: https://svc-").append(i).append('.')
                    .append(a.ns).append(".svc.cluster.local:8443/api?a=1&b=<2>\n    timeoutMs: ")
                    .append(100 * (1 + rnd.nextInt(50))).append('\n');
        }
        side.reset();
        side.obj().str("apiVersion", "v1").obj("data").str("application.yaml", yaml.toString()).end()
                .str("kind", "ConfigMap").obj("metadata").str("name", a.name + "-config").str("namespace", a.ns).end().end();
        String lastApplied = side.sb.toString() + "\n";
        x.obj();
        if (!patch) {
            x.str("kind", "ConfigMap").str("apiVersion", "v1");
        }
        x.obj("data").str("application.yaml", yaml.toString()).str("LOG_LEVEL", pick("info", "debug", "warn")).end();
        x.obj("metadata");
        if (!patch) {
            x.str("name", a.name + "-config").str("namespace", a.ns);
        }
        if (rnd.nextBoolean()) {
            x.obj("annotations").str("kubectl.kubernetes.io/last-applied-configuration", lastApplied).end();
        }
        x.end().end();
    }

    // ---------------------------------------------------------------------------------------
    // output

    private void emit() throws IOException {
        if (written >= limit) {
            return;
        }
        ev.auditID = uuid();
        clock += 200 + rnd.nextInt(6000);
        ev.stageTs = clock;
        if ("RequestReceived".equals(ev.stage)) {
            ev.recv = clock;
        } else if (ev.code == 401) {
            ev.recv = clock - 50 - rnd.nextInt(400);
        } else {
            int latency = 300 + rnd.nextInt("list".equals(ev.verb) ? 80_000 : 15_000);
            ev.recv = clock - latency;
        }
        writeEvent();
    }

    private void writeEvent() throws IOException {
        Json x = j;
        x.reset();
        x.obj().str("kind", "Event").str("apiVersion", "audit.k8s.io/v1").str("level", ev.level)
                .str("auditID", ev.auditID).str("stage", ev.stage).str("requestURI", ev.uri).str("verb", ev.verb);
        x.obj("user");
        if (!ev.anonymousUser) {
            x.str("username", ev.username);
            if (ev.uid != null) {
                x.str("uid", ev.uid);
            }
            x.strs("groups", ev.groups);
            if (!ev.extra.isEmpty()) {
                x.obj("extra");
                for (String[] e : ev.extra) {
                    x.arr(e[0]);
                    for (int i = 1; i < e.length; i++) {
                        x.str(e[i]);
                    }
                    x.end();
                }
                x.end();
            }
        }
        x.end();
        x.strs("sourceIPs", ev.ips);
        if (ev.ua != null) {
            x.str("userAgent", ev.ua);
        }
        if (ev.objectRef) {
            x.obj("objectRef").str("resource", ev.resource);
            if (ev.ns != null) {
                x.str("namespace", ev.ns);
            }
            if (ev.name != null) {
                x.str("name", ev.name);
            }
            if (ev.group != null && !ev.group.isEmpty()) {
                x.str("apiGroup", ev.group);
            }
            x.str("apiVersion", ev.version);
            if (ev.sub != null) {
                x.str("subresource", ev.sub);
            }
            x.end();
        }
        if (!ev.noStatus) {
            x.obj("responseStatus").obj("metadata").end();
            if (ev.statusReason != null) {
                x.str("status", "Failure").str("message", ev.statusMessage).str("reason", ev.statusReason);
                if (ev.detailsKind != null) {
                    x.obj("details");
                    if (ev.detailsName != null) {
                        x.str("name", ev.detailsName);
                    }
                    x.str("kind", ev.detailsKind).end();
                }
            }
            x.num("code", ev.code).end();
        }
        if (ev.reqObj != null) {
            x.name("requestObject");
            ev.reqObj.accept(x);
        }
        if (ev.respObj != null && !ev.noStatus && !"ResponseStarted".equals(ev.stage)) {
            x.name("responseObject");
            ev.respObj.accept(x);
        }
        x.str("requestReceivedTimestamp", ts(ev.recv)).str("stageTimestamp", ts(ev.stageTs));
        if (!ev.ann.isEmpty()) {
            x.obj("annotations");
            for (int i = 0; i < ev.ann.size(); i += 2) {
                x.str(ev.ann.get(i), ev.ann.get(i + 1));
            }
            x.end();
        }
        x.end();
        x.sb.append('\n');
        out.append(x.sb);
        written++;
    }

    // ---------------------------------------------------------------------------------------
    // random helpers

    private App randomApp() {
        App[] pool = apps[nsIndex()];
        return pool[rnd.nextInt(pool.length)];
    }

    private App randomAppIn(String ns) {
        int i = indexOf(ns);
        App[] pool = apps[i < 0 ? nsIndex() : i];
        return pool[rnd.nextInt(pool.length)];
    }

    private int indexOf(String ns) {
        for (int i = 0; i < namespaces.length; i++) {
            if (namespaces[i].equals(ns)) {
                return i;
            }
        }
        return -1;
    }

    /** Skewed namespace choice: a few namespaces are busy, the tail is quiet. */
    private int nsIndex() {
        return Math.min(rnd.nextInt(namespaces.length), rnd.nextInt(namespaces.length));
    }

    private String randomNs() {
        return namespaces[nsIndex()];
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[rnd.nextInt(options.length)];
    }

    private String publicIp() {
        return PUBLIC_FIRST_OCTET[rnd.nextInt(PUBLIC_FIRST_OCTET.length)] + "." + rnd.nextInt(256) + "."
                + rnd.nextInt(256) + "." + (1 + rnd.nextInt(254));
    }

    private String uuid() {
        long hi = (rnd.nextLong() & ~0xF000L) | 0x4000L;
        long lo = (rnd.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(hi, lo).toString();
    }

    private String hex(int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = "0123456789abcdef".charAt(rnd.nextInt(16));
        }
        return new String(c);
    }

    private String alnum(int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = "bcdfghjklmnpqrstvwxz2456789".charAt(rnd.nextInt(27));
        }
        return new String(c);
    }

    private static String ts(long micros) {
        return TS.format(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                Math.floorMod(micros, 1_000_000L) * 1000L));
    }
}
