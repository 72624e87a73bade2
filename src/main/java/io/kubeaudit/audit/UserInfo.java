package io.kubeaudit.audit;

import io.kubeaudit.json.Json;
import io.kubeaudit.json.JsonReader;
import io.kubeaudit.json.JsonToken;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * authentication/v1 UserInfo: the authenticated caller ({@code user}) or the impersonated identity.
 * {@code username} is null for failed authentication ({@code user: {}}). {@code extra} is read only
 * when asked for: few detections need it, and bound service-account tokens put five lists there.
 */
public final class UserInfo {
    public static final UserInfo EMPTY = new UserInfo(null, null, List.of(), null);

    private final String username;
    private final String uid;
    private final List<String> groups;
    private Body extraBody;
    private Map<String, List<String>> extra;

    UserInfo(String username, String uid, List<String> groups, Body extra) {
        this.username = username;
        this.uid = uid;
        this.groups = groups;
        this.extraBody = extra;
        if (extra == null) {
            this.extra = Map.of();
        }
    }

    /** For shapes that carry the values already (GKE). */
    static UserInfo of(String username) {
        return new UserInfo(username, null, List.of(), null);
    }

    public String username() {
        return username;
    }

    public String uid() {
        return uid;
    }

    public List<String> groups() {
        return groups;
    }

    /** user.extra: values are lists of strings; a bare string counts as a one-element list, other values are ignored. */
    public Map<String, List<String>> extra() {
        if (extra == null) {
            Map<String, List<String>> out = new LinkedHashMap<>();
            JsonReader r = extraBody.reader();
            if (r != null) {
                readExtra(r, out); // read straight from the bytes: bound tokens carry it on every request
            } else {
                Map<String, Object> raw = Json.asObject(extraBody.value());
                if (raw != null) {
                    for (Map.Entry<String, Object> e : raw.entrySet()) {
                        List<String> values = new ArrayList<>();
                        if (e.getValue() instanceof String) {
                            values.add((String) e.getValue());
                        } else if (e.getValue() instanceof List) {
                            for (Object o : (List<?>) e.getValue()) {
                                if (o instanceof String) {
                                    values.add((String) o);
                                }
                            }
                        }
                        out.put(e.getKey(), Collections.unmodifiableList(values));
                    }
                }
            }
            extra = Collections.unmodifiableMap(out);
            extraBody = null;
        }
        return extra;
    }

    private static void readExtra(JsonReader r, Map<String, List<String>> out) {
        if (r.peek() != JsonToken.BEGIN_OBJECT) {
            return;
        }
        r.beginObject();
        while (r.hasNext()) {
            String key = r.nextName();
            JsonToken t = r.peek();
            if (t == JsonToken.STRING) {
                out.put(key, List.of(r.nextString()));
            } else if (t == JsonToken.BEGIN_ARRAY) {
                List<String> values = new ArrayList<>(1);
                r.beginArray();
                while (r.hasNext()) {
                    if (r.peek() == JsonToken.STRING) {
                        values.add(r.nextString());
                    } else {
                        r.skipValue();
                    }
                }
                r.endArray();
                out.put(key, Collections.unmodifiableList(values));
            } else {
                r.skipValue();
                out.put(key, List.of());
            }
        }
        r.endObject();
    }

    public List<String> extra(String key) {
        List<String> v = extra().get(key);
        return v == null ? List.of() : v;
    }

    public boolean inGroup(String group) {
        return groups.contains(group);
    }

    void detach() {
        if (extraBody != null) {
            extraBody.detach();
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserInfo u && Objects.equals(username, u.username) && Objects.equals(uid, u.uid)
                && groups.equals(u.groups) && extra().equals(u.extra());
    }

    @Override
    public int hashCode() {
        return Objects.hash(username, uid, groups);
    }

    @Override
    public String toString() {
        return "UserInfo[username=" + username + ", uid=" + uid + ", groups=" + groups + ", extra=" + extra() + "]";
    }
}
