package io.kubeaudit.detection;

import io.kubeaudit.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a JSON Patch (RFC 6902) request body as a partial object: the values of its add and
 * replace operations placed at their paths in an empty document, so that the same path-based
 * checks work on patches, merge patches and whole objects.
 */
final class JsonPatch {
    private JsonPatch() {
    }

    static Map<String, Object> apply(List<?> ops) {
        Map<String, Object> doc = new LinkedHashMap<>();
        for (Object o : ops) {
            String op = Json.asString(Json.get(o, "op"));
            String path = Json.asString(Json.get(o, "path"));
            if (path == null || !("add".equals(op) || "replace".equals(op)) || !path.startsWith("/")) {
                continue;
            }
            put(doc, tokens(path), Json.get(o, "value"));
        }
        return doc;
    }

    /** Whether some add operation appends or inserts into a list at a path ending in one of the suffixes. */
    static boolean addsTo(List<?> ops, String... listPathSuffixes) {
        for (Object o : ops) {
            if (!"add".equals(Json.asString(Json.get(o, "op")))) {
                continue;
            }
            String path = Json.asString(Json.get(o, "path"));
            if (path == null) {
                continue;
            }
            int slash = path.lastIndexOf('/');
            if (slash < 0) {
                continue;
            }
            String last = path.substring(slash + 1);
            if (!(last.equals("-") || last.matches("[0-9]+"))) {
                continue;
            }
            String parent = path.substring(0, slash);
            for (String s : listPathSuffixes) {
                if (parent.endsWith(s)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static List<String> tokens(String pointer) {
        List<String> out = new ArrayList<>();
        for (String t : pointer.substring(1).split("/", -1)) {
            out.add(t.replace("~1", "/").replace("~0", "~"));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static void put(Map<String, Object> doc, List<String> path, Object value) {
        Object node = doc;
        for (int i = 0; i < path.size(); i++) {
            String key = path.get(i);
            boolean last = i == path.size() - 1;
            String nextKey = last ? null : path.get(i + 1);
            if (node instanceof Map) {
                Map<String, Object> m = (Map<String, Object>) node;
                if (last) {
                    m.put(key, value);
                    return;
                }
                Object child = m.get(key);
                if (!(child instanceof Map) && !(child instanceof List)) {
                    child = isIndex(nextKey) ? new ArrayList<>() : new LinkedHashMap<String, Object>();
                    m.put(key, child);
                }
                node = child;
            } else if (node instanceof List) {
                List<Object> l = (List<Object>) node;
                int idx = key.equals("-") ? l.size() : parseIndex(key);
                if (idx < 0 || idx > 10_000) {
                    return;
                }
                while (l.size() <= idx) {
                    l.add(null);
                }
                if (last) {
                    l.set(idx, value);
                    return;
                }
                Object child = l.get(idx);
                if (!(child instanceof Map) && !(child instanceof List)) {
                    child = isIndex(nextKey) ? new ArrayList<>() : new LinkedHashMap<String, Object>();
                    l.set(idx, child);
                }
                node = child;
            } else {
                return;
            }
        }
    }

    private static boolean isIndex(String k) {
        return k != null && (k.equals("-") || k.matches("[0-9]+"));
    }

    private static int parseIndex(String k) {
        try {
            return Integer.parseInt(k);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
