package io.kubeaudit.json;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON as plain Java values: {@code Map<String,Object>} (insertion ordered), {@code List<Object>},
 * {@code String}, {@code Long} or {@code Double}, {@code Boolean}, and {@code null}.
 * Used for request/response bodies and wrapper shapes, which are read by path rather than by schema.
 */
public final class Json {
    private Json() {
    }

    /**
     * Request and response bodies repeat the same member names (metadata, spec, containers, image
     * ...) in every event: decoding them once per thread saves an allocation per member. Only names
     * go through it; values are decoded as they come.
     */
    private static final ThreadLocal<KeyCache> NAMES = ThreadLocal.withInitial(() -> new KeyCache(2_048, 2));

    public static Object parse(byte[] bytes) {
        return parse(bytes, 0, bytes.length);
    }

    public static Object parse(String text) {
        return parse(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Parses exactly one JSON value filling the range (surrounding whitespace allowed). */
    public static Object parse(byte[] bytes, int offset, int length) {
        return parse(bytes, offset, length, false);
    }

    /** @param csvQuoted the range is the inside of a quoted CSV value (every '"' doubled) */
    public static Object parse(byte[] bytes, int offset, int length, boolean csvQuoted) {
        JsonReader r = new JsonReader(bytes, offset, length, NAMES.get(), csvQuoted);
        Object v = read(r);
        r.endDocument();
        return v;
    }

    /** Reads the next value from a reader positioned at it. */
    public static Object read(JsonReader r) {
        switch (r.peek()) {
            case BEGIN_OBJECT: {
                r.beginObject();
                Map<String, Object> m = new LinkedHashMap<>();
                while (r.hasNext()) {
                    String k = r.nextName();
                    m.put(k, read(r));
                }
                r.endObject();
                return m;
            }
            case BEGIN_ARRAY: {
                r.beginArray();
                List<Object> l = new ArrayList<>();
                while (r.hasNext()) {
                    l.add(read(r));
                }
                r.endArray();
                return l;
            }
            case STRING:
                return r.nextString();
            case NUMBER:
                return r.nextNumber();
            case BOOLEAN:
                return r.nextBoolean();
            case NULL:
                r.nextNull();
                return null;
            default:
                r.skipValue(); // raises the precise error
                throw new JsonException("invalid JSON: expected a value", r.offset());
        }
    }

    // ------------------------------------------------------------------ path access on trees

    /** The member {@code key} of {@code node} when node is an object, else null. */
    public static Object get(Object node, String key) {
        return node instanceof Map ? ((Map<?, ?>) node).get(key) : null;
    }

    /** Follows a path of member names; null when any step is missing or not an object. */
    public static Object path(Object node, String... keys) {
        Object n = node;
        for (String k : keys) {
            n = get(n, k);
            if (n == null) {
                return null;
            }
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> asObject(Object node) {
        return node instanceof Map ? (Map<String, Object>) node : null;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> asList(Object node) {
        return node instanceof List ? (List<Object>) node : null;
    }

    public static String asString(Object node) {
        return node instanceof String ? (String) node : null;
    }

    /** True for JSON true, and for the strings "true"/"1" some producers write instead. */
    public static boolean isTrue(Object node) {
        return Boolean.TRUE.equals(node) || "true".equals(node);
    }

    /** Long value of an integral number (or a numeric string), else null. */
    public static Long asLong(Object node) {
        if (node instanceof Long) {
            return (Long) node;
        }
        if (node instanceof Double) {
            double d = (Double) node;
            return d == Math.rint(d) ? (long) d : null;
        }
        if (node instanceof String) {
            try {
                return Long.parseLong(((String) node).trim());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ writing

    /** Compact JSON text of a tree of plain values (see class comment); other objects via toString(). */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value);
        return sb.toString();
    }

    public static void write(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof String) {
            quote(sb, (String) v);
        } else if (v instanceof Boolean || v instanceof Long || v instanceof Integer) {
            sb.append(v);
        } else if (v instanceof Number) {
            double d = ((Number) v).doubleValue();
            if (Double.isFinite(d)) {
                sb.append(d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf((long) d) : String.valueOf(d));
            } else {
                sb.append("null");
            }
        } else if (v instanceof Map) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                quote(sb, String.valueOf(e.getKey()));
                sb.append(':');
                write(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof Iterable) {
            sb.append('[');
            boolean first = true;
            for (Object o : (Iterable<?>) v) {
                if (!first) {
                    sb.append(',');
                }
                first = false;
                write(sb, o);
            }
            sb.append(']');
        } else if (v instanceof Object[]) {
            write(sb, java.util.Arrays.asList((Object[]) v));
        } else {
            quote(sb, v.toString());
        }
    }

    public static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
