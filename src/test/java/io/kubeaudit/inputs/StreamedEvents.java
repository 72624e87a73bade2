package io.kubeaudit.inputs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The events in the XML stream a modular input wrote (several runs may be concatenated; a cut-off last event is ignored). */
public final class StreamedEvents {
    /** One event of the stream; null for an element that was not written. */
    public record Written(String data, String time, String host, String source, String sourcetype) {
    }

    private static final Pattern EVENT = Pattern.compile("<event[^>]*>(.*?)</event>", Pattern.DOTALL);

    private StreamedEvents() {
    }

    public static List<Written> parse(String xml) {
        List<Written> out = new ArrayList<>();
        // A killed run may leave a cut-off event: it ends where the next run's stream begins.
        for (String run : xml.split("<stream>")) {
            Matcher m = EVENT.matcher(run);
            while (m.find()) {
                String body = m.group(1);
                out.add(new Written(field(body, "data"), field(body, "time"), field(body, "host"), field(body, "source"),
                        field(body, "sourcetype")));
            }
        }
        return out;
    }

    private static String field(String body, String name) {
        Matcher m = Pattern.compile("<" + name + ">(.*?)</" + name + ">", Pattern.DOTALL).matcher(body);
        return m.find() ? unescape(m.group(1)) : null;
    }

    static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&amp;", "&");
    }

    /** The auditID inside an event's data. */
    public static String auditId(String data) {
        Matcher m = Pattern.compile("\"auditID\":\"([^\"]*)\"").matcher(data);
        return m.find() ? m.group(1) : null;
    }
}
