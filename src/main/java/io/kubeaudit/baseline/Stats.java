package io.kubeaudit.baseline;

/** First seen, last seen (epoch seconds) and count of something: merged by min, max and sum. */
final class Stats {
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    long count;

    Stats() {
    }

    Stats(long first, long last, long count) {
        this.first = first;
        this.last = last;
        this.count = count;
    }

    void add(long time) {
        first = Math.min(first, time);
        last = Math.max(last, time);
        count++;
    }

    void clear() {
        first = Long.MAX_VALUE;
        last = Long.MIN_VALUE;
        count = 0;
    }

    void merge(Stats o) {
        first = Math.min(first, o.first);
        last = Math.max(last, o.last);
        count += o.count;
    }

    Stats copy() {
        return new Stats(first, last, count);
    }
}
