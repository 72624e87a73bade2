package io.kubeaudit.inputs;

/** A setting that cannot be used; the message names it and says what to type instead (shown in Splunk's UI). */
public final class BadSetting extends Exception {
    public BadSetting(String message) {
        super(message);
    }
}
