package io.kubeaudit.protocol;

import java.util.List;

/** The rows a {@link ReportingCommand} answers with, as a CSV reply body (single values only). */
public final class ResultWriter {
    private final ByteSink body = new ByteSink(1 << 16);
    private final int width;
    private int rows;

    public ResultWriter(List<String> fields) {
        this.width = fields.size();
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                body.write(',');
            }
            RecordBatch.writeValue(body, fields.get(i));
        }
        body.write('\n');
    }

    public void row(String... values) {
        if (values.length != width) {
            throw new IllegalArgumentException(values.length + " values for " + width + " fields");
        }
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                body.write(',');
            }
            RecordBatch.writeValue(body, values[i] == null ? "" : values[i]);
        }
        body.write('\n');
        rows++;
    }

    public int rows() {
        return rows;
    }

    ByteSink body() {
        return body;
    }
}
