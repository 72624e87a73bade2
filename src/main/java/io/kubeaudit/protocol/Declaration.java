package io.kubeaudit.protocol;

import java.util.List;

/**
 * How a command answers getinfo.
 *
 * @param type           streaming (distributable, no state shared across events), stateful, events or reporting
 * @param requiredFields the only fields splunkd needs to send; empty = all fields
 */
public record Declaration(String type, List<String> requiredFields) {
    public static Declaration streaming(List<String> requiredFields) {
        return new Declaration("streaming", List.copyOf(requiredFields));
    }
}
