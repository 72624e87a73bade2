package io.kubeaudit.protocol;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Messages for the search's message bar and Job Inspector, sent with the next reply
 * ({@code inspector.messages}). Each distinct message is sent once per process.
 */
public final class Messages {
    private final List<List<String>> pending = new ArrayList<>();
    private final Set<String> sent = new LinkedHashSet<>();

    public void info(String text) {
        add("INFO", text);
    }

    public void warn(String text) {
        add("WARN", text);
    }

    private void add(String level, String text) {
        if (sent.add(level + ' ' + text)) {
            pending.add(List.of(level, text));
        }
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    List<List<String>> drain() {
        List<List<String>> out = new ArrayList<>(pending);
        pending.clear();
        return out;
    }
}
