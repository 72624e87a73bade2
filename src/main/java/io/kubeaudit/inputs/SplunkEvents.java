package io.kubeaudit.inputs;

import com.splunk.modularinput.Event;
import io.kubeaudit.audit.AuditEvent;
import io.kubeaudit.audit.Timestamps;

import java.util.Date;

/** One audit event as one Splunk event of sourcetype kube:audit, timed by the audit event itself. */
public final class SplunkEvents {
    public static final String SOURCETYPE = "kube:audit";

    private SplunkEvents() {
    }

    /**
     * @param fallbackRaw the text to index when the event has no JSON of its own (GKE entries are converted)
     * @param host        the cluster name to use as host, or null to keep the input's host
     */
    public static Event of(AuditEvent ev, String fallbackRaw, String source, String host) {
        Event e;
        byte[] bytes = ev.rawBytes();
        if (bytes != null) {
            e = new RawEvent(bytes, ev.rawStart(), ev.rawEnd() - ev.rawStart());
            describe(e, source, host != null ? host : ev.cluster());
        } else {
            String raw = ev.rawJson();
            e = unparsed(raw != null ? raw : fallbackRaw, source, host != null ? host : ev.cluster());
        }
        long millis = Timestamps.epochMillis(ev.timestamp());
        if (millis != Timestamps.UNKNOWN) {
            e.setTime(new Date(millis));
        }
        return e;
    }

    /** Text that is not (entirely) an audit event still gets indexed, so nothing is lost; kubeenrich flags it. */
    public static Event unparsed(String raw, String source, String host) {
        Event e = new Event();
        e.setData(raw);
        describe(e, source, host);
        return e;
    }

    private static void describe(Event e, String source, String host) {
        e.setSourceType(SOURCETYPE);
        if (source != null) {
            e.setSource(source);
        }
        if (host != null) {
            e.setHost(host);
        }
    }
}
