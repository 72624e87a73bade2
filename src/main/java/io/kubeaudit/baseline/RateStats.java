package io.kubeaudit.baseline;

/**
 * A key's normal level of one window statistic: the exponentially weighted mean and standard
 * deviation of its bucket values (empty buckets count as 0) from its first bucket to the model's
 * cut-off, weights halving every half-life back from the cut-off. Two such summaries at
 * different cut-offs combine by rescaling the weighted sums, so models learnt on successive
 * periods merge into the model of the whole period.
 */
final class RateStats {
    long firstBucket;
    long lastBucket;
    long count;
    double mean;
    double stddev;

    RateStats(long firstBucket, long lastBucket, long count, double mean, double stddev) {
        this.firstBucket = firstBucket;
        this.lastBucket = lastBucket;
        this.count = count;
        this.mean = mean;
        this.stddev = stddev;
    }

    /** Σ of the weights of every bucket from {@code first} to the bucket holding {@code cutoff}. */
    static double totalWeight(long first, long cutoff, long bucket, long halfLife) {
        long lastStart = Math.floorDiv(cutoff, bucket) * bucket;
        if (lastStart < first) {
            return 0;
        }
        long n = (lastStart - first) / bucket + 1;
        double ratio = Math.pow(2, -(double) bucket / halfLife);
        double newest = weight(lastStart, cutoff, halfLife);
        return newest * (1 - Math.pow(ratio, n)) / (1 - ratio);
    }

    static double weight(long bucketStart, long cutoff, long halfLife) {
        return Math.pow(2, (double) (bucketStart - cutoff) / halfLife);
    }

    /** From the weighted sums Σwx and Σwx² as of {@code cutoff}. */
    static RateStats of(long first, long last, long count, double s1, double s2, long cutoff, long bucket,
                        long halfLife) {
        double w = totalWeight(first, cutoff, bucket, halfLife);
        double mean = w == 0 ? 0 : s1 / w;
        double var = w == 0 ? 0 : Math.max(0, s2 / w - mean * mean);
        return new RateStats(first, last, count, mean, Math.sqrt(var));
    }

    double s1(long cutoff, long bucket, long halfLife) {
        return mean * totalWeight(firstBucket, cutoff, bucket, halfLife);
    }

    double s2(long cutoff, long bucket, long halfLife) {
        return (stddev * stddev + mean * mean) * totalWeight(firstBucket, cutoff, bucket, halfLife);
    }

    /** Combines two summaries taken at cut-offs {@code ca} and {@code cb} into one at the later cut-off. */
    static RateStats merge(RateStats a, long ca, RateStats b, long cb, long bucket, long halfLife) {
        long c = Math.max(ca, cb);
        double s1 = a.s1(ca, bucket, halfLife) * weight(ca, c, halfLife) + b.s1(cb, bucket, halfLife) * weight(cb, c, halfLife);
        double s2 = a.s2(ca, bucket, halfLife) * weight(ca, c, halfLife) + b.s2(cb, bucket, halfLife) * weight(cb, c, halfLife);
        return of(Math.min(a.firstBucket, b.firstBucket), Math.max(a.lastBucket, b.lastBucket), a.count + b.count, s1,
                s2, c, bucket, halfLife);
    }

    /** Restates the summary as of a later cut-off (the buckets in between were empty). */
    RateStats at(long from, long to, long bucket, long halfLife) {
        if (to == from) {
            return this;
        }
        double scale = weight(from, to, halfLife);
        return of(firstBucket, lastBucket, count, s1(from, bucket, halfLife) * scale, s2(from, bucket, halfLife) * scale,
                to, bucket, halfLife);
    }

    /** max(floor, ⌈μ + kσ⌉) once the key has {@code matureSeconds} of history, else the floor. */
    long threshold(long floor, long sigmas, long cutoff, long matureSeconds) {
        if (cutoff - firstBucket < matureSeconds) {
            return floor;
        }
        return Math.max(floor, (long) Math.ceil(mean + sigmas * stddev - 1e-9));
    }
}
