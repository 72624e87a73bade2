package io.kubeaudit.audit;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** Audit timestamps (RFC 3339, usually {@code 2024-05-01T10:00:00.123456Z}) as epoch milliseconds. */
public final class Timestamps {
    /** What {@link #epochMillis} returns for an absent or unreadable timestamp. */
    public static final long UNKNOWN = Long.MIN_VALUE;

    private Timestamps() {
    }

    /** Epoch milliseconds, or {@link #UNKNOWN}. The common UTC form is read without allocating. */
    public static long epochMillis(String ts) {
        if (ts == null || ts.length() < 20) {
            return UNKNOWN;
        }
        long fast = utc(ts);
        if (fast != UNKNOWN) {
            return fast;
        }
        try {
            return OffsetDateTime.parse(ts).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) { // a year past what epoch milliseconds hold
            return UNKNOWN;
        }
    }

    private static long utc(String s) {
        int n = s.length();
        if (s.charAt(n - 1) != 'Z' || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T'
                || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return UNKNOWN;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 60) {
            return UNKNOWN;
        }
        int millis = 0;
        int i = 19;
        if (i < n - 1) {
            if (s.charAt(i) != '.') {
                return UNKNOWN;
            }
            i++;
            int scale = 100;
            for (; i < n - 1; i++) {
                char c = s.charAt(i);
                if (c < '0' || c > '9') {
                    return UNKNOWN;
                }
                millis += (c - '0') * scale;
                scale /= 10;
            }
        }
        return (daysFromCivil(year, month, day) * 86_400L + hour * 3_600L + minute * 60L + second) * 1000L + millis;
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
    static long daysFromCivil(int y, int m, int d) {
        y -= m <= 2 ? 1 : 0;
        long era = (y >= 0 ? y : y - 399) / 400;
        long yoe = y - era * 400;
        long doy = (153L * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }
}
