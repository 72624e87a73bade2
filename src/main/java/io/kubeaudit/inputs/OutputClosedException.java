package io.kubeaudit.inputs;

import java.io.IOException;

/** stdout (splunkd's end of the event stream) is gone: the input has to stop, not skip a file. */
public final class OutputClosedException extends IOException {
    public OutputClosedException(String message, Throwable cause) {
        super(message, cause);
    }
}
