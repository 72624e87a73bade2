package io.kubeaudit.protocol;

/**
 * A command that reads every record of the search and then answers with results of its own (a
 * {@code reporting} command, like {@code stats}). {@link CommandRunner} answers each request
 * with no rows until the last one, then writes what {@link #finish} produced.
 */
public interface ReportingCommand {
    String name();

    /** Validates the arguments and declares the command; see {@link StreamingCommand#configure}. */
    Declaration configure(SearchInfo info, Messages messages) throws UsageException;

    /** Takes one chunk's records; called once per execute request, in order. */
    void consume(RecordBatch records, Messages messages) throws Exception;

    /** The fields of the result rows. */
    java.util.List<String> resultFields();

    /** Writes the results, after the last record. */
    void finish(ResultWriter results, Messages messages) throws Exception;
}
