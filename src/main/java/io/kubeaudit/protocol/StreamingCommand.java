package io.kubeaudit.protocol;

/**
 * A custom search command as its author sees it: answer getinfo, then transform batches of
 * records. Framing, CSV, multivalues, {@code _chunked_idx} and the exchange with splunkd are
 * handled by {@link CommandRunner}.
 */
public interface StreamingCommand {
    /** The command's name, for messages. */
    String name();

    /**
     * Validates the arguments and declares the command. Keep this cheap: splunkd starts commands
     * just to ask getinfo, and the user waits for each of those starts.
     *
     * @throws UsageException with a message that says what to type instead
     */
    Declaration configure(SearchInfo info, Messages messages) throws UsageException;

    /**
     * How many threads the command works on; the runner then scans large requests in as many parts
     * at once. Asked before each request is scanned, so it may change once the command has started.
     */
    default int threads() {
        return 1;
    }

    /** Adds fields to one chunk's records; called once per execute request, in order. */
    void stream(RecordBatch records, Messages messages) throws Exception;
}
