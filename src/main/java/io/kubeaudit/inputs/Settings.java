package io.kubeaudit.inputs;

import java.util.Map;

/** Reading one stanza's parameters, with messages that say what to type instead. */
public final class Settings {
    private final String scheme;
    private final Map<String, String> params;

    public Settings(String scheme, Map<String, String> params) {
        this.scheme = scheme;
        this.params = params;
    }

    /** The trimmed value, or null when absent or empty. */
    public String text(String name) {
        String v = params.get(name);
        if (v == null) {
            return null;
        }
        v = v.trim();
        return v.isEmpty() ? null : v;
    }

    public String required(String name, String example) throws BadSetting {
        String v = text(name);
        if (v == null) {
            throw new BadSetting(name + " is required: set it, for example " + name + " = " + example);
        }
        return v;
    }

    public long integer(String name, long dflt, long min, long max) throws BadSetting {
        String v = text(name);
        if (v == null) {
            return dflt;
        }
        long n;
        try {
            n = Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new BadSetting(name + " = " + v + " is not a whole number: type a number from " + min + " to " + max
                    + " (default " + dflt + ")");
        }
        if (n < min || n > max) {
            throw new BadSetting(name + " = " + v + " is out of range: type a number from " + min + " to " + max
                    + " (default " + dflt + ")");
        }
        return n;
    }

    public boolean bool(String name, boolean dflt) throws BadSetting {
        String v = text(name);
        if (v == null) {
            return dflt;
        }
        switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "1": case "true": case "t": case "yes": case "y": case "on": return true;
            case "0": case "false": case "f": case "no": case "n": case "off": return false;
            default:
                throw new BadSetting(name + " = " + v + " is not a boolean: type true or false (default " + dflt + ")");
        }
    }

    /** A name that becomes Splunk's host field: no spaces or control characters. */
    public String hostName(String name) throws BadSetting {
        String v = text(name);
        if (v != null && !v.matches("[A-Za-z0-9._:@-]+")) {
            throw new BadSetting(name + " = " + v + " cannot be a Splunk host name: use letters, digits and . _ - : @ only,"
                    + " for example " + name + " = prod-eu-1");
        }
        return v;
    }

    public String scheme() {
        return scheme;
    }
}
