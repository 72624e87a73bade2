package io.kubeaudit.commands;

import io.kubeaudit.protocol.UsageException;

import java.util.Locale;

/** The SPL arguments of our commands: key=value pairs, parsed the same way by each. */
final class Arguments {
    private Arguments() {
    }

    /** {key, value}; value is "" for a bare word. */
    static String[] split(String arg) {
        int eq = arg.indexOf('=');
        return eq < 0 ? new String[] {arg, ""} : new String[] {arg.substring(0, eq), arg.substring(eq + 1).trim()};
    }

    static boolean bool(String key, String value, String usage) throws UsageException {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true": case "t": case "1": case "yes":
                return true;
            case "false": case "f": case "0": case "no":
                return false;
            default:
                throw new UsageException(key + "= takes true or false, e.g. " + key + "=true (got '" + value + "'). "
                        + usage);
        }
    }

    static String field(String value, String usage) throws UsageException {
        if (value.isEmpty()) {
            throw new UsageException("field= needs a field name, e.g. field=_raw. " + usage);
        }
        return value;
    }
}
