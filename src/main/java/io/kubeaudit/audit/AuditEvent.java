package io.kubeaudit.audit;

import java.util.List;
import java.util.Map;

/**
 * One Kubernetes API-server audit event (audit.k8s.io/v1 Event), whatever shape it arrived in.
 * Cloud wrappers (AKS, EKS, GKE) are unwrapped and mapped onto these fields by {@link AuditReader}.
 * Absent fields are null (strings, objects), empty (lists, maps) or -1 (the status code).
 */
public final class AuditEvent {
    /** The shape the event arrived in. */
    public enum Shape { NATIVE, AKS, EKS, GKE }

    Shape shape = Shape.NATIVE;
    String apiVersion;
    String level;
    String auditId;
    String stage;
    String requestUri;
    String verb;
    UserInfo user = UserInfo.EMPTY;
    UserInfo impersonatedUser;
    List<String> sourceIps = List.of();
    String userAgent;
    ObjectRef objectRef;
    int code = -1;
    String statusMessage;
    String statusReason;
    Map<String, String> annotations = Map.of();
    Body requestObject;
    Body responseObject;
    String requestReceivedTimestamp;
    String stageTimestamp;
    String cluster;

    // Strings read only when asked for (most detections never look at them): their spans in src.
    byte[] src;
    boolean srcQuoted;
    long auditIdSpan;
    long requestUriSpan;
    long receivedSpan;
    long stageTimestampSpan;
    long statusMessageSpan;
    /** The event's own JSON object in src (for a wrapped event: the unwrapped inner object); 0 when there is none. */
    long rawSpan;

    AuditEvent() {
    }

    private String text(long span) {
        return io.kubeaudit.json.JsonReader.decodeSpan(src, span, srcQuoted);
    }

    public Shape shape() {
        return shape;
    }

    public String apiVersion() {
        return apiVersion;
    }

    public String level() {
        return level;
    }

    public String auditId() {
        if (auditId == null && auditIdSpan != 0) {
            auditId = text(auditIdSpan);
        }
        return auditId;
    }

    /** RequestReceived, ResponseStarted, ResponseComplete, Panic; null when the shape has none (GKE). */
    public String stage() {
        return stage;
    }

    public String requestUri() {
        if (requestUri == null && requestUriSpan != 0) {
            requestUri = text(requestUriSpan);
        }
        return requestUri;
    }

    /** Lower case, as the API server writes it. */
    public String verb() {
        return verb;
    }

    /** The authenticated caller; {@link UserInfo#EMPTY} for failed authentication. */
    public UserInfo user() {
        return user;
    }

    /** The impersonated identity, or null when not impersonating. */
    public UserInfo impersonatedUser() {
        return impersonatedUser;
    }

    public List<String> sourceIps() {
        return sourceIps;
    }

    public String userAgent() {
        return userAgent;
    }

    /** Null for non-resource requests (/healthz, /version, discovery). */
    public ObjectRef objectRef() {
        return objectRef;
    }

    /** HTTP status code, or -1 when there is none yet (RequestReceived). */
    public int code() {
        return code;
    }

    public String statusMessage() {
        if (statusMessage == null && statusMessageSpan != 0) {
            statusMessage = text(statusMessageSpan);
        }
        return statusMessage;
    }

    public String statusReason() {
        return statusReason;
    }

    public Map<String, String> annotations() {
        return annotations;
    }

    public String annotation(String key) {
        return annotations.get(key);
    }

    /** The request body as plain JSON values (Request level and above), or null. */
    public Object requestObject() {
        return requestObject == null ? null : requestObject.value();
    }

    /** The response body (RequestResponse level), or null. */
    public Object responseObject() {
        return responseObject == null ? null : responseObject.value();
    }

    public String requestReceivedTimestamp() {
        if (requestReceivedTimestamp == null && receivedSpan != 0) {
            requestReceivedTimestamp = text(receivedSpan);
        }
        return requestReceivedTimestamp;
    }

    public String stageTimestamp() {
        if (stageTimestamp == null && stageTimestampSpan != 0) {
            stageTimestamp = text(stageTimestampSpan);
        }
        return stageTimestamp;
    }

    /** The event's own time: stageTimestamp, else requestReceivedTimestamp. */
    public String timestamp() {
        String s = stageTimestamp();
        return s != null ? s : requestReceivedTimestamp();
    }

    /** Cluster name carried by a cloud wrapper (AKS resourceId, EKS log group, GKE resource label), or null. */
    public String cluster() {
        return cluster;
    }

    /**
     * The event's own JSON object as it was read (an EventList item, the inner event of an AKS
     * record or a CloudWatch message, a GKE LogEntry as it is), or null after {@link #detach()}.
     * CSV-quoted input is returned undoubled.
     */
    public String rawJson() {
        if (src == null || rawSpan == 0) {
            return null;
        }
        int from = (int) (rawSpan >>> 32);
        int to = (int) rawSpan;
        String s = new String(src, from, to - from, java.nio.charset.StandardCharsets.UTF_8);
        return srcQuoted ? s.replace("\"\"", "\"") : s;
    }

    /**
     * The buffer holding this event's own JSON, as {@link #rawJson()} would decode it, for writers
     * that copy bytes rather than text; null when there is none or it is CSV-quoted. The JSON is
     * {@code [rawStart(), rawEnd())} of that array.
     */
    public byte[] rawBytes() {
        return src == null || rawSpan == 0 || srcQuoted ? null : src;
    }

    public int rawStart() {
        return (int) (rawSpan >>> 32);
    }

    public int rawEnd() {
        return (int) rawSpan;
    }

    /** Makes the event independent of the buffer it was parsed from. */
    public AuditEvent detach() {
        auditId();
        requestUri();
        statusMessage();
        requestReceivedTimestamp();
        stageTimestamp();
        src = null;
        user.detach();
        if (impersonatedUser != null) {
            impersonatedUser.detach();
        }
        if (requestObject != null) {
            requestObject.detach();
        }
        if (responseObject != null) {
            responseObject.detach();
        }
        return this;
    }
}
