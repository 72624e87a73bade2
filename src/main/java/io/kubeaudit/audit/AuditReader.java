package io.kubeaudit.audit;

import io.kubeaudit.json.Json;
import io.kubeaudit.json.JsonException;
import io.kubeaudit.json.JsonReader;
import io.kubeaudit.json.JsonToken;
import io.kubeaudit.json.KeyCache;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns one piece of input (a Splunk {@code _raw}, a file document, a webhook body) into audit events.
 *
 * <p>Shapes: the native audit.k8s.io Event (v1 or v1beta1, with or without kind/apiVersion), an
 * EventList (webhook batch) or a JSON array of events, an AKS diagnostic record ({@code properties.log}
 * as a string or an object) or an Event Hubs batch {@code {"records":[...]}}, EKS CloudWatch Logs
 * exports (subscription DATA_MESSAGE, single log events, Logs Insights rows), and GKE Cloud Audit Log
 * entries. A leading UTF-8 BOM is ignored. Not thread-safe (one reader per thread).
 */
public final class AuditReader {
    private static final String CW_TRUNCATED = "[Truncated...]";

    private final KeyCache keys = new KeyCache();
    /** Whether the input being read is the inside of a quoted CSV value (every '"' doubled). */
    private boolean quoted;
    private boolean inPubSub;

    public ReadResult read(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        return read(b, 0, b.length);
    }

    public ReadResult read(byte[] b, int off, int len) {
        return read(b, off, len, false);
    }

    /**
     * @param csvQuoted the bytes are the inside of a quoted CSV value, every '"' doubled, as a
     *                  search command receives {@code _raw}: read in place, without unquoting first
     */
    public ReadResult read(byte[] b, int off, int len, boolean csvQuoted) {
        quoted = csvQuoted;
        if (len >= 3 && b[off] == (byte) 0xEF && b[off + 1] == (byte) 0xBB && b[off + 2] == (byte) 0xBF) {
            off += 3;
            len -= 3;
        }
        int first = firstNonBlank(b, off, off + len);
        if (first < 0) {
            return ReadResult.failure("empty: no JSON in the event");
        }
        byte c = b[first];
        if (c != '{' && c != '[') {
            return ReadResult.failure("not JSON: the event starts with " + describeStart(b, first, off + len, quoted));
        }
        try {
            JsonReader r = new JsonReader(b, off, len, keys, quoted);
            if (r.peek() == JsonToken.BEGIN_ARRAY) {
                List<AuditEvent> events = new ArrayList<>();
                List<String> errors = new ArrayList<>();
                int parts = readEventArray(r, b, "array element", events, errors);
                r.endDocument();
                return result(events, errors, "JSON array", parts);
            }
            Top top = parseTop(r);
            r.endDocument();
            return resolve(top, b, off, len);
        } catch (JsonException e) {
            return ReadResult.failure(e.getMessage());
        } catch (ShapeException e) {
            return ReadResult.failure("not an audit event: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ top level of one JSON object

    /** A parsed top-level object: native event fields plus the spans of any wrapper members. */
    private static final class Top {
        final AuditEvent event = new AuditEvent();
        boolean nativeKeys;
        String kind;
        long items = -1;
        /** The items array, read where it stood (the usual EventList); null when items is not an array. */
        ReadResult itemsRead;
        long records = -1;
        long properties = -1;
        long logEvents = -1;
        long insightsMessage = -1;
        String category;
        String resourceId;
        String messageType;
        String logGroup;
        String insightsLog;
        String message;
        boolean protoPayload;
        /** Log Analytics: AzureDiagnostics' log_s (the event's text), or an AKSAudit row (its AuditId column). */
        String logS;
        boolean aksAuditRow;
        /** A Pub/Sub message (the Google Cloud add-on, the Dataflow template): its LogEntry under "data". */
        long data = -1;
    }

    private Top parseTop(JsonReader r) {
        if (r.peek() != JsonToken.BEGIN_OBJECT) {
            throw new ShapeException("expected a JSON object, found " + r.peek().describe());
        }
        Top t = new Top();
        AuditEvent ev = t.event;
        ev.src = r.array();
        ev.srcQuoted = r.csvQuoted();
        int objectStart = r.position();
        r.beginObject();
        while (r.hasNext()) {
            String k = r.nextName();
            switch (k) {
                case "kind": t.kind = shared(r, k); break;
                case "apiVersion": ev.apiVersion = shared(r, k); break;
                case "level": ev.level = shared(r, k); break;
                case "auditID": ev.auditIdSpan = span(r, k); t.nativeKeys = true; break;
                case "stage": ev.stage = shared(r, k); t.nativeKeys = true; break;
                case "requestURI": ev.requestUriSpan = span(r, k); t.nativeKeys = true; break;
                case "verb": ev.verb = shared(r, k); t.nativeKeys = true; break;
                case "userAgent": ev.userAgent = shared(r, k); break;
                case "requestReceivedTimestamp": ev.receivedSpan = span(r, k); break;
                case "stageTimestamp": ev.stageTimestampSpan = span(r, k); break;
                case "user": {
                    UserInfo u = userInfo(r, k);
                    ev.user = u == null ? UserInfo.EMPTY : u;
                    break;
                }
                case "impersonatedUser": ev.impersonatedUser = userInfo(r, k); break;
                case "sourceIPs": ev.sourceIps = stringList(r, k); break;
                case "objectRef": ev.objectRef = objectRef(r); break;
                case "responseStatus": status(r, ev); break;
                case "annotations": ev.annotations = stringMap(r, k); break;
                case "requestObject": ev.requestObject = body(r); break;
                case "responseObject": ev.responseObject = body(r); break;
                // wrapper shapes
                case "items": items(r, t); break;
                case "records": t.records = r.skipValueSpan(); break;
                case "properties": t.properties = r.skipValueSpan(); break;
                case "category": t.category = looseString(r); break;
                case "resourceId": t.resourceId = looseString(r); break;
                case "protoPayload": t.protoPayload = true; r.skipValue(); break;
                case "logEvents": t.logEvents = r.skipValueSpan(); break;
                case "messageType": t.messageType = looseString(r); break;
                case "logGroup": t.logGroup = looseString(r); break;
                case "message": t.message = looseString(r); break;
                case "@message": t.insightsMessage = r.skipValueSpan(); break;
                case "@log": t.insightsLog = looseString(r); break;
                case "log_s": t.logS = looseString(r); break;
                case "data": t.data = r.skipValueSpan(); break;
                case "AuditId": t.aksAuditRow = true; r.skipValue(); break;
                case "Category": t.category = looseString(r); break;
                case "ResourceId", "_ResourceId": t.resourceId = looseString(r); break;
                default: r.skipValue();
            }
        }
        r.endObject();
        ev.rawSpan = ((long) objectStart << 32) | (r.position() & 0xffffffffL);
        return t;
    }

    /**
     * An array of items is read as events where it stands: skipping it to read it again once the
     * object is known to be an EventList would scan a webhook batch twice. Anything else is kept as a
     * span for {@link #resolve}, which reports it after the whole object has been checked as JSON.
     */
    private void items(JsonReader r, Top t) {
        t.itemsRead = null; // the last "items" counts, as with any repeated member
        if (r.peek() != JsonToken.BEGIN_ARRAY) {
            t.items = r.skipValueSpan();
            return;
        }
        int from = r.position();
        List<AuditEvent> events = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int parts = readEventArray(r, r.array(), "EventList item", events, errors);
        t.items = ((long) from << 32) | (r.position() & 0xffffffffL);
        t.itemsRead = result(events, errors, "EventList", parts);
    }

    private ReadResult resolve(Top t, byte[] b, int off, int len) {
        if ("EventList".equals(t.kind) || t.items >= 0) {
            if (t.items < 0) {
                return new ReadResult(List.of(), null); // an empty EventList carries no events
            }
            if (t.itemsRead != null) {
                return t.itemsRead;
            }
            JsonReader r = spanReader(b, t.items); // not an array: items() reads arrays where they stand
            if (r.peek() == JsonToken.NULL) {
                return new ReadResult(List.of(), null);
            }
            throw new ShapeException("EventList items must be a JSON array, found " + r.peek().describe());
        }
        if (t.records >= 0) {
            return readAksBatch(b, t.records);
        }
        if (t.properties >= 0) {
            return listResult(readAksRecord(t, b));
        }
        if (t.protoPayload) {
            AuditEvent gke = GkeConverter.convert(Json.asObject(Json.parse(b, off, len, quoted)));
            // No native form: the LogEntry itself is the event's JSON (kubeenrich reads it as such).
            gke.src = b;
            gke.srcQuoted = quoted;
            int from = firstNonBlank(b, off, off + len);
            int to = off + len;
            while (to > from && (b[to - 1] == ' ' || b[to - 1] == '\n' || b[to - 1] == '\r' || b[to - 1] == '\t')) {
                to--;
            }
            gke.rawSpan = ((long) from << 32) | (to & 0xffffffffL);
            return listResult(gke);
        }
        if (t.logEvents >= 0 || t.messageType != null) {
            return readCloudWatch(t, b);
        }
        if (t.insightsMessage >= 0) {
            AuditEvent ev = readInsightsMessage(b, t.insightsMessage);
            ev.cluster = eksCluster(t.insightsLog);
            return listResult(ev);
        }
        if (t.logS != null && !t.nativeKeys) {
            requireAuditCategory(t, "AzureDiagnostics row");
            return listResult(aks(nativeFromText(t.logS, "AzureDiagnostics log_s"), t));
        }
        if (t.aksAuditRow && !t.nativeKeys) {
            String text = AksLogAnalytics.nativeJson(Json.asObject(Json.parse(b, off, len, quoted)));
            return listResult(aks(nativeFromText(text, "AKSAudit row"), t));
        }
        if (t.message != null && !t.nativeKeys) {
            AuditEvent ev = readCloudWatchMessage(t.message);
            return listResult(ev);
        }
        if (t.kind != null && !"Event".equals(t.kind)) {
            throw new ShapeException("kind \"" + t.kind + "\" is not an audit Event or EventList");
        }
        if (t.data >= 0 && !t.nativeKeys) {
            return readPubSubData(b, t.data);
        }
        if (!t.nativeKeys) {
            throw new ShapeException("a JSON object without auditID, verb, requestURI or stage, and not an "
                    + "EventList, AKS record or Log Analytics row, CloudWatch export, or GKE LogEntry (also in a Pub/Sub message)");
        }
        return listResult(t.event);
    }

    /** Events of a JSON array; elements that fail are reported, the others kept. Returns the number of elements. */
    private int readEventArray(JsonReader r, byte[] b, String what, List<AuditEvent> events, List<String> errors) {
        if (r.peek() != JsonToken.BEGIN_ARRAY) {
            throw new ShapeException(what + "s must be a JSON array, found " + r.peek().describe());
        }
        r.beginArray();
        int i = 0;
        while (r.hasNext()) {
            // One pass: the element is read where it stands; only an element that is not an audit
            // event is skipped again (by the outer reader, which also validates it).
            JsonReader element = r.valueReader();
            Top t = null;
            long span;
            try {
                t = parseTop(element);
                span = r.skipPast(element);
            } catch (ShapeException e) {
                r.skipValueSpan();
                errors.add(what + " " + i + ": " + e.getMessage());
                i++;
                continue;
            } catch (JsonException e) {
                r.skipValueSpan(); // invalid JSON fails the whole document, reported at its offset in the document
                throw e;
            }
            try {
                if (t.items >= 0 || t.records >= 0 || t.properties >= 0 || t.protoPayload || t.logS != null || t.aksAuditRow
                        || t.data >= 0) {
                    // a wrapper inside the array: its events are kept and so is its error, even for some parts only
                    ReadResult inner = resolve(t, b, start(span), end(span) - start(span));
                    events.addAll(inner.events());
                    if (inner.error() != null) {
                        errors.add(what + " " + i + ": " + inner.error());
                    }
                } else {
                    if (!t.nativeKeys) {
                        throw new ShapeException("no auditID, verb, requestURI or stage");
                    }
                    events.add(t.event);
                }
            } catch (ShapeException | JsonException e) {
                errors.add(what + " " + i + ": " + e.getMessage());
            }
            i++;
        }
        r.endArray();
        return i;
    }

    // ------------------------------------------------------------------ Pub/Sub

    /**
     * The message's data: an object (what the add-on and the Dataflow template write) or its JSON text.
     * Unwrapped once: a message inside a message is refused rather than followed down.
     */
    private ReadResult readPubSubData(byte[] b, long span) {
        if (inPubSub) {
            throw new ShapeException("Pub/Sub message inside the \"data\" of a Pub/Sub message");
        }
        inPubSub = true;
        boolean wasQuoted = quoted;
        try {
            JsonReader r = spanReader(b, span);
            if (r.peek() == JsonToken.STRING) {
                byte[] inner = r.nextString().getBytes(StandardCharsets.UTF_8);
                ReadResult result = read(inner, 0, inner.length, false);
                return result.error() == null || !result.events().isEmpty() ? result
                        : ReadResult.failure("Pub/Sub message data: " + result.error());
            }
            if (r.peek() != JsonToken.BEGIN_OBJECT) {
                throw new ShapeException("Pub/Sub message: \"data\" must be a JSON object or its text, found " + r.peek().describe());
            }
            return resolve(parseTop(r), b, start(span), end(span) - start(span));
        } finally {
            inPubSub = false;
            quoted = wasQuoted;
        }
    }

    // ------------------------------------------------------------------ AKS

    private ReadResult readAksBatch(byte[] b, long span) {
        JsonReader r = spanReader(b, span);
        if (r.peek() != JsonToken.BEGIN_ARRAY) {
            throw new ShapeException("\"records\" must be a JSON array, found " + r.peek().describe());
        }
        List<AuditEvent> events = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        int skipped = 0;
        String skippedCategory = null;
        r.beginArray();
        int i = 0;
        while (r.hasNext()) {
            long rec = r.skipValueSpan();
            try {
                Top t = parseTop(spanReader(b, rec));
                if (t.category != null && !isAuditCategory(t.category)) {
                    skipped++;
                    skippedCategory = t.category;
                } else if (t.properties < 0) {
                    errors.add("record " + i + ": no properties.log");
                } else {
                    events.add(readAksRecord(t, b));
                }
            } catch (ShapeException | JsonException e) {
                errors.add("record " + i + ": " + e.getMessage());
            }
            i++;
        }
        r.endArray();
        if (events.isEmpty() && errors.isEmpty() && skipped > 0) {
            return ReadResult.failure("not an audit event: " + skipped + " AKS record" + (skipped == 1 ? "" : "s")
                    + " of category '" + skippedCategory + "' (component logs); only kube-audit and kube-audit-admin"
                    + " records hold audit events");
        }
        return result(events, errors, "AKS batch");
    }

    private AuditEvent readAksRecord(Top t, byte[] b) {
        requireAuditCategory(t, "AKS diagnostic record");
        JsonReader r = spanReader(b, t.properties);
        if (r.peek() != JsonToken.BEGIN_OBJECT) {
            throw new ShapeException("AKS record: \"properties\" must be an object");
        }
        AuditEvent ev = null;
        r.beginObject();
        while (r.hasNext()) {
            String k = r.nextName();
            if (!"log".equals(k)) {
                r.skipValue();
                continue;
            }
            JsonToken tok = r.peek();
            if (tok == JsonToken.STRING) {
                ev = nativeFromText(r.nextString(), "AKS properties.log");
            } else if (tok == JsonToken.BEGIN_OBJECT) {
                long span = r.skipValueSpan();
                ev = nativeOnly(parseTop(spanReader(b, span)), "AKS properties.log");
            } else {
                throw new ShapeException("AKS record: properties.log must be a string or an object, found " + tok.describe());
            }
        }
        r.endObject();
        if (ev == null) {
            throw new ShapeException("AKS record without properties.log");
        }
        return aks(ev, t);
    }

    private static void requireAuditCategory(Top t, String what) {
        if (t.category != null && !isAuditCategory(t.category)) {
            throw new ShapeException(what + " of category '" + t.category
                    + "' holds component logs; only kube-audit and kube-audit-admin records hold audit events");
        }
    }

    private static AuditEvent aks(AuditEvent ev, Top t) {
        ev.shape = AuditEvent.Shape.AKS;
        ev.cluster = aksCluster(t.resourceId);
        return ev;
    }

    private static boolean isAuditCategory(String category) {
        return category.equalsIgnoreCase("kube-audit") || category.equalsIgnoreCase("kube-audit-admin");
    }

    /** Cluster name from {@code /SUBSCRIPTIONS/.../MANAGEDCLUSTERS/<name>} (Azure upper-cases it). */
    static String aksCluster(String resourceId) {
        if (resourceId == null) {
            return null;
        }
        String marker = "/managedclusters/";
        int i = resourceId.toLowerCase(Locale.ROOT).indexOf(marker);
        if (i < 0) {
            return null;
        }
        String rest = resourceId.substring(i + marker.length());
        int slash = rest.indexOf('/');
        String name = slash < 0 ? rest : rest.substring(0, slash);
        return name.isEmpty() ? null : name.toLowerCase(Locale.ROOT);
    }

    // ------------------------------------------------------------------ EKS (CloudWatch Logs)

    private ReadResult readCloudWatch(Top t, byte[] b) {
        if ("CONTROL_MESSAGE".equals(t.messageType)) {
            return ReadResult.failure("not an audit event: CloudWatch Logs CONTROL_MESSAGE (sent when a subscription is created)");
        }
        if (t.logEvents < 0) {
            throw new ShapeException("CloudWatch Logs message without logEvents");
        }
        String cluster = eksCluster(t.logGroup);
        JsonReader r = spanReader(b, t.logEvents);
        if (r.peek() != JsonToken.BEGIN_ARRAY) {
            throw new ShapeException("\"logEvents\" must be a JSON array");
        }
        List<AuditEvent> events = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        r.beginArray();
        int i = 0;
        while (r.hasNext()) {
            try {
                String message = null;
                if (r.peek() != JsonToken.BEGIN_OBJECT) {
                    throw new ShapeException("log event is not an object");
                }
                r.beginObject();
                while (r.hasNext()) {
                    String k = r.nextName();
                    if ("message".equals(k)) {
                        message = str(r, "message");
                    } else {
                        r.skipValue();
                    }
                }
                r.endObject();
                if (message == null) {
                    throw new ShapeException("log event without message");
                }
                AuditEvent ev = readCloudWatchMessage(message);
                ev.cluster = cluster;
                events.add(ev);
            } catch (ShapeException | JsonException e) {
                errors.add("log event " + i + ": " + e.getMessage());
            }
            i++;
        }
        r.endArray();
        return result(events, errors, "CloudWatch Logs message");
    }

    private AuditEvent readCloudWatchMessage(String message) {
        if (message.endsWith(CW_TRUNCATED)) {
            throw new ShapeException("CloudWatch Logs truncated this event at its 256 KB limit ('[Truncated...]');"
                    + " the rest of the event is lost");
        }
        AuditEvent ev = nativeFromText(message, "CloudWatch message");
        ev.shape = AuditEvent.Shape.EKS;
        return ev;
    }

    private AuditEvent readInsightsMessage(byte[] b, long span) {
        JsonReader r = spanReader(b, span);
        AuditEvent ev;
        if (r.peek() == JsonToken.STRING) {
            ev = readCloudWatchMessage(r.nextString());
        } else {
            ev = nativeOnly(parseTop(r), "Logs Insights @message");
        }
        ev.shape = AuditEvent.Shape.EKS;
        return ev;
    }

    /** Cluster from an EKS log group {@code /aws/eks/<cluster>/cluster} (also inside a Splunk source). */
    public static String eksCluster(String logGroup) {
        if (logGroup == null) {
            return null;
        }
        int i = logGroup.indexOf("/aws/eks/");
        if (i < 0) {
            return null;
        }
        String rest = logGroup.substring(i + "/aws/eks/".length());
        int slash = rest.indexOf('/');
        if (slash <= 0 || !rest.startsWith("cluster", slash + 1)) {
            return null;
        }
        return rest.substring(0, slash);
    }

    // ------------------------------------------------------------------ helpers

    private AuditEvent nativeFromText(String text, String where) {
        byte[] inner = text.getBytes(StandardCharsets.UTF_8);
        int first = firstNonBlank(inner, 0, inner.length);
        if (first < 0 || inner[first] != '{') {
            throw new ShapeException(where + " is not a JSON object");
        }
        JsonReader r = new JsonReader(inner, 0, inner.length, keys);
        Top t;
        try {
            t = parseTop(r);
            r.endDocument();
        } catch (JsonException e) {
            throw new JsonException(where + ": " + e.getMessage(), e.offset());
        }
        return nativeOnly(t, where);
    }

    private static AuditEvent nativeOnly(Top t, String where) {
        if (!t.nativeKeys || (t.kind != null && !"Event".equals(t.kind))) {
            throw new ShapeException(where + " does not hold an audit Event");
        }
        return t.event;
    }

    private static ReadResult result(List<AuditEvent> events, List<String> errors, String what) {
        return result(events, errors, what, events.size() + errors.size());
    }

    /** @param parts the parts read: array elements, of which a wrapper may hold several events */
    private static ReadResult result(List<AuditEvent> events, List<String> errors, String what, int parts) {
        if (errors.isEmpty()) {
            return new ReadResult(events, null);
        }
        String first = errors.get(0);
        String msg = errors.size() == 1 ? first : first + " (and " + (errors.size() - 1) + " more)";
        if (!events.isEmpty()) {
            msg = errors.size() + " of " + parts + " parts of this " + what + " could not be read: " + msg;
        }
        return new ReadResult(events, msg);
    }

    private static ReadResult listResult(AuditEvent ev) {
        return new ReadResult(List.of(ev), null);
    }

    private JsonReader spanReader(byte[] b, long span) {
        return new JsonReader(b, start(span), end(span) - start(span), keys, quoted);
    }

    private static int start(long span) {
        return (int) (span >>> 32);
    }

    private static int end(long span) {
        return (int) span;
    }

    private static int firstNonBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            byte c = b[i];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
                return i;
            }
        }
        return -1;
    }

    private static String describeStart(byte[] b, int at, int end, boolean quoted) {
        int n = Math.min(end - at, 40);
        String s = new String(b, at, n, StandardCharsets.UTF_8).replaceAll("[\\r\\n\\t]", " ");
        if (quoted) {
            s = s.replace("\"\"", "\"");
        }
        return "\"" + s + (end - at > n ? "..." : "") + "\"";
    }

    // ------------------------------------------------------------------ typed member readers

    private static String str(JsonReader r, String field) {
        JsonToken t = r.peek();
        if (t == JsonToken.STRING) {
            return r.nextString();
        }
        if (t == JsonToken.NULL) {
            r.nextNull();
            return null;
        }
        throw wrongType(field, "a string", t);
    }

    /** A string read only if it is ever needed: its span (0 for null). */
    private static long span(JsonReader r, String field) {
        JsonToken t = r.peek();
        if (t == JsonToken.STRING || t == JsonToken.NULL) {
            return r.nextStringSpan();
        }
        throw wrongType(field, "a string", t);
    }

    /** A string that repeats across events (verbs, names, groups, user agents): shared instances, no allocation. */
    private static String shared(JsonReader r, String field) {
        JsonToken t = r.peek();
        if (t == JsonToken.STRING) {
            return r.nextSharedString();
        }
        if (t == JsonToken.NULL) {
            r.nextNull();
            return null;
        }
        throw wrongType(field, "a string", t);
    }

    /** Wrapper members other tools may type loosely: non-strings are ignored rather than rejected. */
    private static String looseString(JsonReader r) {
        if (r.peek() == JsonToken.STRING) {
            return r.nextString();
        }
        r.skipValue();
        return null;
    }

    private static ShapeException wrongType(String field, String wanted, JsonToken found) {
        return new ShapeException("field '" + field + "' must be " + wanted + ", found " + found.describe());
    }

    private static List<String> stringList(JsonReader r, String field) {
        return stringList(r, field, false);
    }

    /** @param shared whether the entries repeat across events (groups do, addresses do not) */
    private static List<String> stringList(JsonReader r, String field, boolean shared) {
        JsonToken t = r.peek();
        if (t == JsonToken.NULL) {
            r.nextNull();
            return List.of();
        }
        if (t != JsonToken.BEGIN_ARRAY) {
            throw wrongType(field, "an array of strings", t);
        }
        r.beginArray();
        List<String> out = new ArrayList<>(4);
        while (r.hasNext()) {
            JsonToken e = r.peek();
            if (e != JsonToken.STRING) {
                throw wrongType(field, "an array of strings", e);
            }
            out.add(shared ? r.nextSharedString() : r.nextString());
        }
        r.endArray();
        return out;
    }

    private static Map<String, String> stringMap(JsonReader r, String field) {
        JsonToken t = r.peek();
        if (t == JsonToken.NULL) {
            r.nextNull();
            return Map.of();
        }
        if (t != JsonToken.BEGIN_OBJECT) {
            throw wrongType(field, "an object of strings", t);
        }
        r.beginObject();
        String[] keys = new String[4];
        String[] values = new String[4];
        int n = 0;
        while (r.hasNext()) {
            String k = r.nextName();
            JsonToken v = r.peek();
            if (v == JsonToken.NULL) {
                r.nextNull();
                continue;
            }
            if (v != JsonToken.STRING) {
                throw wrongType(field + "." + k, "a string", v);
            }
            // decisions and RBAC reasons repeat; latencies and violations do not
            String value = k.startsWith("authorization.k8s.io/") ? r.nextSharedString() : r.nextString();
            int existing = -1;
            for (int i = 0; i < n; i++) {
                if (keys[i].equals(k)) {
                    existing = i;
                }
            }
            if (existing >= 0) {
                values[existing] = value; // a repeated member: the last one counts, as in a map
                continue;
            }
            if (n == keys.length) {
                keys = java.util.Arrays.copyOf(keys, n * 2);
                values = java.util.Arrays.copyOf(values, n * 2);
            }
            keys[n] = k;
            values[n] = value;
            n++;
        }
        r.endObject();
        return n == 0 ? SmallMap.EMPTY : new SmallMap(keys, values, n);
    }

    private static UserInfo userInfo(JsonReader r, String field) {
        JsonToken t = r.peek();
        if (t == JsonToken.NULL) {
            r.nextNull();
            return null;
        }
        if (t != JsonToken.BEGIN_OBJECT) {
            throw wrongType(field, "an object", t);
        }
        String username = null;
        String uid = null;
        List<String> groups = List.of();
        Body extra = null;
        r.beginObject();
        while (r.hasNext()) {
            String k = r.nextName();
            switch (k) {
                case "username": username = shared(r, field + ".username"); break;
                case "uid": uid = shared(r, field + ".uid"); break;
                case "groups": groups = stringList(r, field + ".groups", true); break;
                case "extra": {
                    JsonToken et = r.peek();
                    if (et != JsonToken.BEGIN_OBJECT && et != JsonToken.NULL) {
                        throw wrongType(field + ".extra", "an object", et);
                    }
                    extra = body(r);
                    break;
                }
                default: r.skipValue();
            }
        }
        r.endObject();
        if (username != null && username.isEmpty()) {
            username = null;
        }
        return new UserInfo(username, uid, groups, extra);
    }

    private static ObjectRef objectRef(JsonReader r) {
        JsonToken t = r.peek();
        if (t == JsonToken.NULL) {
            r.nextNull();
            return null;
        }
        if (t != JsonToken.BEGIN_OBJECT) {
            throw wrongType("objectRef", "an object", t);
        }
        String resource = null;
        String subresource = null;
        String namespace = null;
        String name = null;
        String apiGroup = null;
        String apiVersion = null;
        r.beginObject();
        while (r.hasNext()) {
            String k = r.nextName();
            switch (k) {
                case "resource": resource = blankToNull(shared(r, "objectRef.resource")); break;
                case "subresource": subresource = blankToNull(shared(r, "objectRef.subresource")); break;
                case "namespace": namespace = blankToNull(shared(r, "objectRef.namespace")); break;
                case "name": name = blankToNull(str(r, "objectRef.name")); break;
                case "apiGroup": apiGroup = blankToNull(shared(r, "objectRef.apiGroup")); break;
                case "apiVersion": apiVersion = blankToNull(shared(r, "objectRef.apiVersion")); break;
                default: r.skipValue();
            }
        }
        r.endObject();
        return new ObjectRef(resource, subresource, namespace, name, apiGroup, apiVersion);
    }

    private static void status(JsonReader r, AuditEvent ev) {
        JsonToken t = r.peek();
        if (t == JsonToken.NULL) {
            r.nextNull();
            return;
        }
        if (t != JsonToken.BEGIN_OBJECT) {
            throw wrongType("responseStatus", "an object", t);
        }
        r.beginObject();
        while (r.hasNext()) {
            String k = r.nextName();
            switch (k) {
                case "code": {
                    JsonToken c = r.peek();
                    if (c == JsonToken.NULL) {
                        r.nextNull();
                    } else if (c != JsonToken.NUMBER) {
                        throw wrongType("responseStatus.code", "a number", c);
                    } else {
                        // valid JSON however it is written (200.5, 1e30): a number that is no status is the event's fault
                        Number code = r.nextNumber();
                        double d = code.doubleValue();
                        if (!(d >= 0 && d <= 999 && d == Math.rint(d))) {
                            throw new ShapeException("field 'responseStatus.code' is " + code + ", not an HTTP status code");
                        }
                        ev.code = (int) d;
                    }
                    break;
                }
                case "message": ev.statusMessageSpan = span(r, "responseStatus.message"); break;
                case "reason": ev.statusReason = shared(r, "responseStatus.reason"); break;
                default: r.skipValue();
            }
        }
        r.endObject();
    }

    private static Body body(JsonReader r) {
        if (r.peek() == JsonToken.NULL) {
            r.nextNull();
            return null;
        }
        long span = r.skipValueSpan();
        // the reader's array is the input array
        return Body.lazy(r.array(), start(span), end(span) - start(span), r.csvQuoted());
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
