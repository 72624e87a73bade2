package io.kubeaudit.inputs;

import java.time.Instant;

/** Small native audit events written by us, each with its own auditID and time. */
public final class AuditLines {
    private AuditLines() {
    }

    public static String event(String auditId, String stage, long epochMillis) {
        String ts = Instant.ofEpochMilli(epochMillis).toString();
        return "{\"kind\":\"Event\",\"apiVersion\":\"audit.k8s.io/v1\",\"level\":\"Metadata\",\"auditID\":\"" + auditId
                + "\",\"stage\":\"" + stage + "\",\"requestURI\":\"/api/v1/namespaces/default/pods?limit=500\",\"verb\":\"list\","
                + "\"user\":{\"username\":\"alice\",\"groups\":[\"system:authenticated\"]},\"sourceIPs\":[\"10.0.0.7\"],"
                + "\"userAgent\":\"kubectl/v1.30.0\",\"objectRef\":{\"resource\":\"pods\",\"namespace\":\"default\",\"apiVersion\":\"v1\"},"
                + "\"responseStatus\":{\"metadata\":{},\"code\":200},\"requestReceivedTimestamp\":\"" + ts + "\",\"stageTimestamp\":\""
                + ts + "\"}";
    }

    /** Event number {@code i} of a test: auditID {@code <prefix>-<i>}, one millisecond apart. */
    public static String numbered(String prefix, int i) {
        return event(prefix + "-" + i, "ResponseComplete", 1_700_000_000_000L + i);
    }

    public static String eventList(String... items) {
        return "{\"kind\":\"EventList\",\"apiVersion\":\"audit.k8s.io/v1\",\"metadata\":{},\"items\":[" + String.join(",", items) + "]}";
    }
}
