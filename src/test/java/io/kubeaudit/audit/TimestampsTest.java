package io.kubeaudit.audit;

import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TimestampsTest {
    @Test
    void readsTheUtcFormAndOffsetsAsJavaTimeDoes() {
        for (String ts : new String[] {"2024-05-01T10:00:00Z", "2024-05-01T10:00:00.123456Z", "2024-05-01T10:00:00.1Z",
                "2024-05-01T12:00:00.5+02:00", "1969-12-31T23:59:59.999Z", "2024-05-01T10:00:00-07:30"}) {
            assertEquals(OffsetDateTime.parse(ts).toInstant().toEpochMilli(), Timestamps.epochMillis(ts), ts);
        }
    }

    @Test
    void anAbsentUnreadableOrUnrepresentableTimeIsUnknown() {
        for (String ts : new String[] {null, "", "yesterday", "2024-05-01 10:00:00", "2024-13-01T10:00:00Z",
                "+999999999-01-01T00:00:00+01:00", "-999999999-01-01T00:00:00+01:00"}) {
            assertEquals(Timestamps.UNKNOWN, Timestamps.epochMillis(ts), String.valueOf(ts));
        }
    }
}
