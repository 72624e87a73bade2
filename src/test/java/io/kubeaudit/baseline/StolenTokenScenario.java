package io.kubeaudit.baseline;

import io.kubeaudit.testing.Ev;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Our own scenario (catalog §3): three weeks of normal activity in cluster "prod" — a payment
 * service account reading its own secret and config from its pod, a controller, a human
 * operator — then, on day 22, the same service-account token used with curl from an outside
 * address to read secrets the account never read. Timestamps are fixed, so the scenario is the
 * same on every run.
 */
final class StolenTokenScenario {
    static final String SA = "system:serviceaccount:shop:checkout";
    static final Instant START = Instant.parse("2026-02-02T00:00:00Z");
    static final int LEARN_DAYS = 21;
    static final String ATTACKER_IP = "198.51.100.23";

    private StolenTokenScenario() {
    }

    /** The normal activity of one day (0-based), every 15 minutes. */
    static List<String> normalDay(int day) {
        List<String> out = new ArrayList<>();
        for (int slot = 0; slot < 96; slot++) {
            Instant t = START.plusSeconds(day * 86_400L + slot * 900L);
            out.add(checkout(t).object("secrets", "shop", "checkout-db").json());
            out.add(checkout(t.plusSeconds(20)).object("configmaps", "shop", "checkout-config").json());
            out.add(checkout(t.plusSeconds(40)).verb("list").object("pods", "shop", null).json());
            out.add(Ev.request().time(ts(t.plusSeconds(60))).serviceAccount("kube-system", "replicaset-controller")
                    .ip("10.0.0.10").ua("kube-controller-manager/v1.30.2 (linux/amd64) kubernetes/3968350/system:serviceaccount:kube-system:replicaset-controller")
                    .verb("update").object("replicasets", "shop", "checkout-7d9f8b6c5d")
                    .decision("allow", "RBAC: allowed by ClusterRoleBinding \"system:controller:replicaset-controller\" of ClusterRole \"system:controller:replicaset-controller\" to ServiceAccount \"replicaset-controller/kube-system\"")
                    .json());
            if (slot % 4 == 0 && slot >= 36 && slot < 68) { // the operator, office hours
                out.add(Ev.request().time(ts(t.plusSeconds(120))).user("alice@example.com", "devs", "system:authenticated")
                        .ip("203.0.113.10").verb("list").object("pods", "shop", null).json());
                out.add(Ev.request().time(ts(t.plusSeconds(130))).user("alice@example.com", "devs", "system:authenticated")
                        .ip("203.0.113.10").verb("get").object("deployments", "shop", "checkout").group("apps").json());
            }
        }
        return out;
    }

    static List<String> learningPeriod() {
        List<String> out = new ArrayList<>();
        for (int day = 0; day < LEARN_DAYS; day++) {
            out.addAll(normalDay(day));
        }
        return out;
    }

    /** The stolen token at work on day 22, 14:05-14:09, between two rounds of normal activity. */
    static List<String> attack() {
        Instant t = START.plusSeconds(LEARN_DAYS * 86_400L + 14 * 3_600L + 5 * 60L);
        List<String> out = new ArrayList<>();
        out.add(stolen(t).verb("get").nonResource("/version").json());
        out.add(stolen(t.plusSeconds(30)).object("secrets", "shop", "payment-api-key").json());
        out.add(stolen(t.plusSeconds(60)).object("secrets", "shop", "checkout-tls").json());
        out.add(stolen(t.plusSeconds(90)).object("secrets", "shop", "stripe-webhook").json());
        out.add(stolen(t.plusSeconds(120)).verb("list").object("secrets", null, null).denied().json());
        out.add(stolen(t.plusSeconds(150)).object("secrets", "kube-system", "admin-token").denied().json());
        return out;
    }

    /** Day 22: the normal day with the attack in the afternoon, oldest first. */
    static List<String> detectionDay() {
        List<String> out = new ArrayList<>(normalDay(LEARN_DAYS));
        out.addAll(attack());
        out.sort(java.util.Comparator.comparing(StolenTokenScenario::time));
        return out;
    }

    private static final java.util.regex.Pattern TIME =
            java.util.regex.Pattern.compile("\"requestReceivedTimestamp\"\\s*:\\s*\"([^\"]+)\"");

    static final java.util.regex.Pattern TIME_PRESENT = TIME;

    static String time(String json) {
        java.util.regex.Matcher m = TIME.matcher(json);
        if (!m.find()) {
            throw new AssertionError("no time in " + json);
        }
        return m.group(1);
    }

    static boolean isAttack(String json) {
        return json.contains(ATTACKER_IP);
    }

    private static Ev checkout(Instant t) {
        return Ev.request().time(ts(t)).serviceAccount("shop", "checkout").ip("10.244.1.17")
                .extra("authentication.kubernetes.io/pod-name", "checkout-7d9f8b6c5d-x2k8q")
                .ua("checkout/1.4.2 (linux/amd64) kubernetes/abc1234")
                .decision("allow", "RBAC: allowed by RoleBinding \"checkout/shop\" of Role \"checkout\" to ServiceAccount \"checkout/shop\"");
    }

    private static Ev stolen(Instant t) {
        return Ev.request().time(ts(t)).serviceAccount("shop", "checkout").ip(ATTACKER_IP).ua("curl/8.5.0")
                .decision("allow", "RBAC: allowed by RoleBinding \"checkout/shop\" of Role \"checkout\" to ServiceAccount \"checkout/shop\"");
    }

    private static final java.time.format.DateTimeFormatter MICROS = java.time.format.DateTimeFormatter
            .ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(java.time.ZoneOffset.UTC);

    static String ts(Instant t) {
        return MICROS.format(t);
    }
}
