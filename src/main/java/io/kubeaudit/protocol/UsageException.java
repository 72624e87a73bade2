package io.kubeaudit.protocol;

/** The user typed the command wrong; the message says what to type instead. */
public final class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
