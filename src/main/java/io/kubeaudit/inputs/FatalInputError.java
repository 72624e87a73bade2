package io.kubeaudit.inputs;

/** The input cannot run (bad settings at start, port taken, unreadable checkpoint): the message says why and what to do. */
public final class FatalInputError extends Exception {
    public FatalInputError(String message) {
        super(message);
    }

    public FatalInputError(String message, Throwable cause) {
        super(message, cause);
    }
}
