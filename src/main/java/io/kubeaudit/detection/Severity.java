package io.kubeaudit.detection;

import java.util.Locale;

/** Severity bands of the risk score (catalog §1.13). */
public enum Severity {
    NONE(0, 0),
    INFORMATIONAL(0, 19),
    LOW(20, 39),
    MEDIUM(40, 59),
    HIGH(60, 79),
    CRITICAL(80, 100);

    private final int low;
    private final int high;
    private final String id;

    Severity(int low, int high) {
        this.low = low;
        this.high = high;
        this.id = name().toLowerCase(Locale.ROOT); // written on every event
    }

    public String id() {
        return id;
    }

    public int low() {
        return low;
    }

    public int high() {
        return high;
    }

    public boolean contains(int risk) {
        return this != NONE && risk >= low && risk <= high;
    }

    /** The band a score falls in; informational for 0 (an event with labels or deviations). */
    public static Severity band(int score) {
        if (score >= 80) {
            return CRITICAL;
        }
        if (score >= 60) {
            return HIGH;
        }
        if (score >= 40) {
            return MEDIUM;
        }
        if (score >= 20) {
            return LOW;
        }
        return INFORMATIONAL;
    }

    /** Parses informational|low|medium|high|critical; null when it is none of them. */
    public static Severity parse(String s) {
        if (s == null) {
            return null;
        }
        switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "informational": return INFORMATIONAL;
            case "low": return LOW;
            case "medium": return MEDIUM;
            case "high": return HIGH;
            case "critical": return CRITICAL;
            default: return null;
        }
    }
}
