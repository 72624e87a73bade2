package io.kubeaudit.bench;

import io.kubeaudit.audit.AuditEvent;
import io.kubeaudit.audit.AuditReader;
import io.kubeaudit.baseline.BaselineSettings;
import io.kubeaudit.baseline.Learner;
import io.kubeaudit.baseline.Model;
import io.kubeaudit.baseline.ModelFile;
import io.kubeaudit.detection.ActorClass;
import io.kubeaudit.detection.Detection;
import io.kubeaudit.detection.DetectionConfig;
import io.kubeaudit.detection.Detector;
import io.kubeaudit.detection.Observation;
import io.kubeaudit.detection.Outcome;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Benchmark baseline-model generator: learns a realistic {@code kube_audit_baseline.csv} of a given
 * number of accounts with the real {@link Learner} and writes it with {@link ModelFile#write}. Not a
 * unit test; deterministic for a seed.
 *
 * <pre>ModelGenerator &lt;output.csv&gt; &lt;accounts&gt; &lt;cluster&gt; [corpus.jsonl [seed]]</pre>
 *
 * <ul>
 * <li>With a corpus (e.g. the CorpusGenerator output the benchmark sends), every decisive corpus event
 *     whose risk score is below 50 (so not the attack traffic) is learnt three times, shifted back by
 *     1-21 whole days (auditID suffixed, so the learner's de-duplication does not drop the copies). The
 *     actors of the corpus are then in the model with the values they use, i.e. lookups hit and
 *     the benign corpus traffic is mostly "established" without deviations. The host passed to the
 *     detector is {@code cluster}, as kube_cluster falls back to the Splunk host.</li>
 * <li>Synthetic accounts then fill the model up to {@code accounts}: 85% service accounts
 *     {@code system:serviceaccount:<ns>:<name>} in ~3,000 namespaces, 10% users, 5% nodes; each with
 *     20-80 decisive events spread from its first-seen day (1-28 days before the cut-off) to the
 *     cut-off, drawn from small per-account pools (1-2 user agents, 1-8 source IPs in 1-2 /24s, 3-8 verb:resource,
 *     1-3 namespaces, 0-3 secrets, 1-2 RBAC grants ...) so that each account has ~10-25 distinct
 *     values across the dimensions, plus rate rows (requests/h, probing, discovery, secret reads).</li>
 * </ul>
 * The cut-off is the corpus start minus 1 h when a corpus is given (so the corpus is "after" the
 * model), else 2026-03-02T07:00:00Z.
 */
public final class ModelGenerator {
    private static final long DAY_MS = 86_400_000L;
    private static final String[] WORDS = {"checkout", "payments", "orders", "search", "ledger", "identity", "media",
        "ads", "reviews", "shipping", "loyalty", "notify", "inventory", "pricing", "returns", "analytics", "gateway",
        "recommend", "catalog", "billing", "fraud", "support", "chat", "maps", "geo", "tax", "risk", "audit", "cart"};
    private static final String[] ENVS = {"prod", "staging", "dev", "qa"};
    private static final String[] APPS = {"api", "worker", "consumer", "router", "indexer", "session", "cron",
        "thumbnailer", "aggregator", "reconciler", "ingest", "exporter", "scheduler", "resolver", "pdf-render",
        "event-bridge", "feature-flags", "sync", "cache-warmer", "mailer"};
    private static final String[] SA_VRS = {"get:configmaps", "list:configmaps", "watch:configmaps", "get:secrets",
        "list:secrets", "watch:secrets", "get:pods", "list:pods", "watch:pods", "get:leases", "update:leases",
        "create:events", "patch:events", "get:endpoints", "list:services", "watch:endpointslices", "get:jobs",
        "create:jobs", "list:deployments", "patch:configmaps", "create:tokenreviews", "get:customresourcedefinitions"};
    private static final String[] USER_VRS = {"get:pods", "list:pods", "create:pods", "delete:pods", "get:deployments",
        "list:deployments", "patch:deployments", "create:deployments", "get:services", "create:services",
        "get:configmaps", "create:configmaps", "patch:configmaps", "list:events", "get:namespaces",
        "list:namespaces", "get:secrets", "list:nodes", "get:ingresses", "patch:ingresses"};
    private static final String[] NODE_VRS = {"get:nodes", "update:nodes", "patch:nodes", "get:pods", "watch:pods",
        "list:pods", "update:leases", "get:leases", "get:configmaps", "watch:configmaps", "get:secrets",
        "watch:secrets", "create:events", "patch:events", "get:csinodes", "watch:services"};
    private static final String[] TEAMS = {"platform-team", "developers", "sre", "data-eng", "ml-team", "security",
        "frontend", "backend", "qa-team", "oncall"};

    private final Learner learner = new Learner(BaselineSettings.defaults());
    private final SplittableRandom rnd;
    private final String cluster;
    private final Set<String> accounts = new HashSet<>();
    private long cutoffMs;
    private long events;

    ModelGenerator(String cluster, long seed) {
        this.cluster = cluster;
        this.rnd = new SplittableRandom(seed);
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3 || args.length > 5) {
            System.err.println("usage: ModelGenerator <output.csv> <accounts> <cluster> [corpus.jsonl [seed]]");
            System.exit(2);
        }
        Path out = Paths.get(args[0]);
        int n = Integer.parseInt(args[1]);
        String cluster = args[2];
        Path corpus = args.length >= 4 ? Paths.get(args[3]) : null;
        long seed = args.length == 5 ? Long.parseLong(args[4]) : 7L;
        long t0 = System.nanoTime();
        ModelGenerator g = new ModelGenerator(cluster, seed);
        g.cutoffMs = Instant.parse("2026-03-02T07:00:00Z").toEpochMilli();
        if (corpus != null) {
            g.replayCorpus(corpus);
        }
        int fromCorpus = g.accounts.size();
        g.synthetic(n);
        long t1 = System.nanoTime();
        Model model = g.learner.finish(null);
        long t2 = System.nanoTime();
        ModelFile.write(model, out);
        long t3 = System.nanoTime();
        long lines;
        try (var s = Files.lines(out, StandardCharsets.UTF_8)) {
            lines = s.count();
        }
        System.err.printf("ModelGenerator: %d accounts (%d from the corpus, %d synthetic), %d events learnt; "
                        + "model: %d accounts, %d lines incl. header, %.1f MB -> %s (learn %d ms, finish %d ms, "
                        + "write %d ms)%n", g.accounts.size(), fromCorpus, g.accounts.size() - fromCorpus,
                g.learner.learned(), model.accountCount(), lines, Files.size(out) / 1e6, out,
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
    }

    // ------------------------------------------------------------------ corpus replay

    private void replayCorpus(Path corpus) throws IOException {
        Detector detector = new Detector(DetectionConfig.defaults());
        AuditReader reader = new AuditReader();
        List<Observation> keep = new ArrayList<>();
        long first = Long.MAX_VALUE;
        try (BufferedReader in = Files.newBufferedReader(corpus, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                for (AuditEvent ev : reader.read(line).events()) {
                    Detection d = detector.detect(ev, cluster, corpus.getFileName().toString());
                    Observation o = d.observation();
                    if (o.timeMs() == Long.MIN_VALUE) {
                        continue;
                    }
                    first = Math.min(first, o.timeMs());
                    if (o.decisive() && d.riskScore() < 50) {
                        keep.add(o);
                    }
                }
            }
        }
        // the model ends 1 h before the corpus starts; copies are whole days earlier, so <= cutoff
        cutoffMs = first - 3_600_000L;
        for (Observation o : keep) {
            int[] days = {1 + rnd.nextInt(21), 1 + rnd.nextInt(21), 1 + rnd.nextInt(21)};
            for (int i = 0; i < days.length; i++) {
                long t = o.timeMs() - days[i] * DAY_MS;
                if (t > cutoffMs) {
                    t -= DAY_MS;
                }
                learner.add(copy(o, t, o.auditId() + "/" + i));
                events++;
            }
            accounts.add(o.actor());
        }
    }

    private static Observation copy(Observation o, long t, String auditId) {
        return new Observation(t, o.decisive(), auditId, o.stage(), o.cluster(), o.actor(), o.actorClass(),
                o.caller(), o.impTarget(), o.groups(), o.userAgent(), o.uaFamily(), o.httpTool(), o.ip(),
                o.verb(), o.resource(), o.subresource(), o.namespace(), o.name(), o.path(), o.decision(), o.code(),
                o.outcome(), o.rbacGrant(), o.discoveryRead(), o.secretRead(), o.boundPod(), o.tokenRead(), null);
    }

    // ------------------------------------------------------------------ synthetic accounts

    private void synthetic(int total) {
        int i = 0;
        while (accounts.size() < total) {
            int kind = rnd.nextInt(100);
            if (kind < 85) {
                serviceAccount(i);
            } else if (kind < 95) {
                user(i);
            } else {
                node(i);
            }
            i++;
        }
    }

    private String namespace() {
        int k = rnd.nextInt(3000);
        return WORDS[k % WORDS.length] + "-" + ENVS[(k / WORDS.length) % ENVS.length] + "-" + (k / 116);
    }

    private static String ip(String prefix, SplittableRandom r) {
        return prefix + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    /** Distinct picks from a pool. */
    private List<String> pick(String[] pool, int k) {
        List<String> out = new ArrayList<>(k);
        while (out.size() < Math.min(k, pool.length)) {
            String v = pool[rnd.nextInt(pool.length)];
            if (!out.contains(v)) {
                out.add(v);
            }
        }
        return out;
    }

    private void serviceAccount(int i) {
        String ns = namespace();
        String app = APPS[rnd.nextInt(APPS.length)];
        String name = app + "-" + Integer.toString(i, 36);
        String actor = "system:serviceaccount:" + ns + ":" + name;
        List<String> uas = new ArrayList<>(List.of(app + "/v" + (1 + rnd.nextInt(4)) + "." + rnd.nextInt(20) + ".0 "
                + "(linux/amd64) kubernetes/" + Integer.toHexString(0x1000000 + rnd.nextInt(0xf000000))));
        if (rnd.nextInt(10) == 0) {
            uas.add("Go-http-client/2.0");
        }
        // pod IPs come from the pod CIDRs of the 1-2 nodes the pods were scheduled on
        String[] nets = {"10.244." + rnd.nextInt(256) + ".", "10.244." + rnd.nextInt(256) + "."};
        List<String> ips = new ArrayList<>();
        for (int k = 1 + rnd.nextInt(8); k > 0; k--) {
            ips.add(nets[rnd.nextInt(3) == 0 ? 1 : 0] + (1 + rnd.nextInt(254)));
        }
        List<String> vrs = pick(SA_VRS, 3 + rnd.nextInt(6));
        List<String> nss = new ArrayList<>(List.of(ns));
        if (rnd.nextInt(5) == 0) {
            nss.add(namespace());
        }
        if (rnd.nextInt(20) == 0) {
            nss.add(namespace());
        }
        List<String> secrets = new ArrayList<>();
        for (int k = rnd.nextInt(4); k > 0; k--) {
            secrets.add(name + "-" + new String[] {"tls", "db", "token", "api-key"}[rnd.nextInt(4)]);
        }
        List<String> groups = List.of("system:serviceaccounts", "system:serviceaccounts:" + ns, "system:authenticated");
        List<String> grants = new ArrayList<>(List.of("RoleBinding/" + name + "-reader/" + ns + ":Role/" + name
                + "-reader"));
        if (rnd.nextInt(4) == 0) {
            grants.add("ClusterRoleBinding/system:basic-user:ClusterRole/system:basic-user");
        }
        account(actor, ActorClass.SERVICE_ACCOUNT, uas, ips, vrs, nss, secrets, groups, grants, 20 + rnd.nextInt(61));
    }

    private void user(int i) {
        String actor = "user" + Integer.toString(i, 36) + "@example.com";
        List<String> uas = new ArrayList<>(List.of("kubectl/v1.30.2 (linux/amd64) kubernetes/3968350"));
        if (rnd.nextInt(3) == 0) {
            uas.add("Mozilla/5.0 (X11; Linux x86_64) lens/6.5");
        }
        List<String> ips = new ArrayList<>();
        for (int k = 1 + rnd.nextInt(3); k > 0; k--) {
            ips.add(ip("10.8.", rnd));
        }
        if (rnd.nextInt(4) == 0) {
            ips.add("203.0.113." + (1 + rnd.nextInt(254)));
        }
        List<String> nss = new ArrayList<>();
        for (int k = 2 + rnd.nextInt(8); k > 0; k--) {
            nss.add(namespace());
        }
        String team = TEAMS[rnd.nextInt(TEAMS.length)];
        List<String> grants = new ArrayList<>();
        for (String ns : nss) {
            grants.add("RoleBinding/" + team + "-edit/" + ns + ":ClusterRole/edit");
            if (grants.size() == 3) {
                break;
            }
        }
        account(actor, ActorClass.USER, uas, ips, pick(USER_VRS, 4 + rnd.nextInt(6)), nss, List.of(),
                List.of(team, "system:authenticated"), grants, 20 + rnd.nextInt(61));
    }

    private void node(int i) {
        String actor = "system:node:node-" + Integer.toString(i, 36);
        List<String> nss = new ArrayList<>(List.of("kube-node-lease", "kube-system"));
        for (int k = rnd.nextInt(8); k > 0; k--) {
            nss.add(namespace());
        }
        account(actor, ActorClass.NODE, List.of("kubelet/v1.30.2 (linux/amd64) kubernetes/3968350"),
                List.of(ip("10.0.", rnd)), pick(NODE_VRS, 5 + rnd.nextInt(5)), nss, List.of(),
                List.of("system:nodes", "system:authenticated"),
                List.of("ClusterRoleBinding/system:node:ClusterRole/system:node"), 20 + rnd.nextInt(61));
    }

    private void account(String actor, ActorClass cls, List<String> uas, List<String> ips, List<String> vrs,
                         List<String> nss, List<String> secrets, List<String> groups, List<String> grants,
                         int count) {
        if (!accounts.add(actor)) {
            return;
        }
        // first seen 1-28 days before the cut-off (10% younger than the 72 h learning period)
        long age = rnd.nextInt(10) == 0 ? 3_600_000L + rnd.nextLong(3 * DAY_MS)
                : 3 * DAY_MS + rnd.nextLong(25 * DAY_MS);
        long first = cutoffMs - age;
        for (int j = 0; j < count; j++) {
            long t = j == 0 ? first : first + rnd.nextLong(age + 1);
            String ua = uas.get(rnd.nextInt(5) == 0 ? rnd.nextInt(uas.size()) : 0);
            String ip = ips.get(rnd.nextInt(ips.size()));
            String[] vr = vrs.get(rnd.nextInt(vrs.size())).split(":");
            String verb = vr[0];
            String resource = vr[1];
            boolean clusterScoped = resource.equals("nodes") || resource.equals("namespaces")
                    || resource.equals("customresourcedefinitions") || resource.equals("tokenreviews")
                    || resource.equals("csinodes");
            String ns = clusterScoped ? null : nss.get(rnd.nextInt(nss.size()));
            String name = null;
            if (verb.equals("get") || verb.equals("update") || verb.equals("patch") || verb.equals("delete")) {
                name = resource.equals("secrets") && !secrets.isEmpty() ? secrets.get(rnd.nextInt(secrets.size()))
                        : resource.substring(0, 3) + "-" + rnd.nextInt(4);
            }
            int r = rnd.nextInt(100);
            int code = verb.equals("create") ? (r < 95 ? 201 : 409) : (r < 96 ? 200 : r < 99 ? 404 : 403);
            Outcome outcome = code == 403 ? Outcome.DENIED : code >= 400 ? Outcome.FAILED : Outcome.OK;
            String decision = code == 403 ? "forbid" : "allow";
            String grant = code == 403 ? null : grants.get(rnd.nextInt(grants.size()));
            String path = (ns == null ? "/api/v1/" + resource : "/api/v1/namespaces/" + ns + "/" + resource)
                    + (name == null ? "" : "/" + name);
            boolean read = verb.equals("get") || verb.equals("list") || verb.equals("watch");
            boolean discovery = cls != ActorClass.NODE && (verb.equals("get") || verb.equals("list"))
                    && (resource.equals("configmaps") || resource.equals("secrets") || resource.equals("pods")
                    || resource.equals("services"));
            boolean secretRead = resource.equals("secrets") && read && outcome == Outcome.OK;
            learner.add(new Observation(t, true, actor + "#" + j, "ResponseComplete", cluster, actor, cls, null, null,
                    groups, ua, family(ua), false, ip, verb, resource, null, ns, name, path, decision, code,
                    outcome, grant, discovery, secretRead, null, false, null));
            events++;
        }
    }

    private static String family(String ua) {
        if (ua.startsWith("Mozilla/")) {
            return "browser";
        }
        String p = ua.substring(0, ua.indexOf('/')).toLowerCase(java.util.Locale.ROOT);
        int e = p.length();
        while (e > 0 && (Character.isDigit(p.charAt(e - 1)) || p.charAt(e - 1) == '.' || p.charAt(e - 1) == '-')) {
            e--;
        }
        return p.substring(0, e);
    }
}
