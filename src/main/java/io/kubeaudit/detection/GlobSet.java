package io.kubeaudit.detection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** A list of exact values and '*' globs; exact entries are a hash lookup, globs are tried in turn. */
final class GlobSet {
    private final Set<String> exact = new HashSet<>();
    private final List<String> globs = new ArrayList<>();
    private final boolean ignoreCase;
    private final int id;

    GlobSet(Collection<String> entries, boolean ignoreCase, int id) {
        if (id < 0 || id > 63) {
            throw new IllegalArgumentException("glob list id " + id + " out of range");
        }
        this.ignoreCase = ignoreCase;
        this.id = id;
        for (String e : entries) {
            String v = ignoreCase ? e.toLowerCase(Locale.ROOT) : e;
            if (v.indexOf('*') >= 0) {
                globs.add(v);
            } else {
                exact.add(v);
            }
        }
    }

    /** Index of this list among its configuration's lists (results are cached per value by it). */
    int id() {
        return id;
    }

    boolean isEmpty() {
        return exact.isEmpty() && globs.isEmpty();
    }

    /** True when the list is just "*", which some labels read as "everything allowed". */
    boolean isMatchAll() {
        return exact.isEmpty() && globs.size() == 1 && globs.get(0).equals("*");
    }

    boolean matches(String value) {
        if (value == null) {
            return false;
        }
        String v = ignoreCase ? value.toLowerCase(Locale.ROOT) : value;
        if (exact.contains(v)) {
            return true;
        }
        for (String g : globs) {
            if (Glob.matches(g, v, false)) {
                return true;
            }
        }
        return false;
    }
}
