package io.kubeaudit.protocol;

import io.kubeaudit.json.Json;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** What splunkd tells a command in the getinfo request ({@code searchinfo} and {@code preview}). */
public final class SearchInfo {
    private final Map<String, Object> info;
    private final boolean preview;

    SearchInfo(Map<String, Object> getinfoMetadata) {
        Map<String, Object> si = Json.asObject(getinfoMetadata.get("searchinfo"));
        this.info = si == null ? Collections.emptyMap() : si;
        this.preview = Boolean.TRUE.equals(getinfoMetadata.get("preview"));
    }

    /** SPL arguments after the command name, quotes removed by splunkd. */
    public List<String> args() {
        List<Object> raw = Json.asList(info.get("args"));
        List<String> out = new ArrayList<>();
        if (raw != null) {
            for (Object o : raw) {
                if (o != null) {
                    out.add(String.valueOf(o));
                }
            }
        }
        return out;
    }

    /** The command name as typed, or the given fallback (Splunk 6.x did not send it). */
    public String command(String fallback) {
        String c = Json.asString(info.get("command"));
        return c == null || c.isEmpty() ? fallback : c;
    }

    public String dispatchDir() {
        return Json.asString(info.get("dispatch_dir"));
    }

    public String app() {
        return Json.asString(info.get("app"));
    }

    public String splunkVersion() {
        return Json.asString(info.get("splunk_version"));
    }

    /** The search string, URL-decoded (splunkd sends it URL-encoded). */
    public String search() {
        String s = Json.asString(info.get("search"));
        if (s == null) {
            return null;
        }
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** Earliest time in epoch seconds, or 0 when unbounded (sent as a string in v2). */
    public double earliestTime() {
        return time(info.get("earliest_time"));
    }

    public double latestTime() {
        return time(info.get("latest_time"));
    }

    public int maxResultRows() {
        Long l = Json.asLong(info.get("maxresultrows"));
        return l == null ? 50_000 : l.intValue();
    }

    public boolean preview() {
        return preview;
    }

    private static double time(Object o) {
        if (o instanceof Number) {
            return ((Number) o).doubleValue();
        }
        if (o instanceof String) {
            try {
                return Double.parseDouble((String) o);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }
}
