package io.kubeaudit.baseline;

import io.kubeaudit.detection.Observation;

import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The rate and burst deviations (catalog §3.4), measured over the stream as it arrives: the value
 * of a window at an event counts the events of its key that arrived before it within the
 * window's length, whichever way time runs (Splunk delivers newest first; files run oldest first).
 * Correct only where one process sees the whole stream, which is why kubeenrich computes these
 * only with {@code rates=true}, declared stateful so Splunk runs it on the search head.
 */
final class RateWindows {
    private static final long SWEEP_EVERY = 1 << 14;
    private static final long IDLE_SECONDS = 2 * 3_600;

    private final BaselineSettings settings;
    private final Map<String, Window> windows = new HashMap<>();
    private final Map<String, ProbeWindow> probes = new HashMap<>();
    private long events;

    private static final class Window {
        final ArrayDeque<long[]> times = new ArrayDeque<>();
        final ArrayDeque<String> items = new ArrayDeque<>();
        Map<String, Integer> distinct;
        long newest;

        /** Adds the event and returns the window's value at it. */
        long add(long t, String item, long length, boolean countDistinct) {
            while (!times.isEmpty() && Math.abs(times.peekFirst()[0] - t) >= length) {
                times.pollFirst();
                String gone = items.pollFirst();
                if (countDistinct) {
                    distinct.merge(gone, -1, (a, b) -> a + b == 0 ? null : a + b);
                }
            }
            times.addLast(new long[] {t});
            items.addLast(item);
            newest = t;
            if (countDistinct) {
                if (distinct == null) {
                    distinct = new HashMap<>();
                }
                distinct.merge(item, 1, Integer::sum);
                return distinct.size();
            }
            return times.size();
        }
    }

    RateWindows(BaselineSettings settings) {
        this.settings = settings;
    }

    void evaluate(Observation o, String cluster, String account, long t, BaselineView view, EnumSet<Deviation> found) {
        if (++events % SWEEP_EVERY == 0) {
            sweep(t);
        }
        long requests = 0;
        for (RateStatistic s : RateStatistic.values()) {
            String item = s.item(o);
            String[] key = item == null ? null : s.key(o, account);
            if (key == null || !measured(s)) {
                continue;
            }
            String id = BaselineView.rateKey(s.id(), cluster, key[0], key[1]);
            long value = windows.computeIfAbsent(id, k -> new Window()).add(t, item, s.windowSeconds(), s.distinct());
            BaselineView.Rate learnt = view == null ? null : view.rate(s.id(), cluster, key[0], key[1]);
            long threshold = learnt == null ? settings.floor(s) : learnt.threshold();
            boolean fires = value >= threshold;
            if (s == RateStatistic.ACCOUNT_REQUESTS_1H) {
                requests = value;
            } else if (s == RateStatistic.ACCOUNT_DENIED_1H && !fires && learnt != null && learnt.mature()) {
                BaselineView.Rate all = view.rate(RateStatistic.ACCOUNT_REQUESTS_1H.id(), cluster, key[0], key[1]);
                double usual = all == null || all.mean() <= 0 ? 0 : learnt.mean() / all.mean();
                fires = value >= settings.deniedShareMinEvents && requests > 0
                        && (double) value / requests >= settings.deniedShareFactor * usual;
            }
            if (fires) {
                found.add(s.deviation());
            }
        }
        if (settings.enabled(Deviation.PERMISSION_PROBING)) {
            probe(o, cluster, account, t, view, found);
        }
    }

    /** A statistic's deviation is on, or it is the account's requests, which the denied share needs. */
    private boolean measured(RateStatistic s) {
        return settings.enabled(s.deviation())
                || (s == RateStatistic.ACCOUNT_REQUESTS_1H && settings.enabled(RateStatistic.ACCOUNT_DENIED_1H.deviation()));
    }

    private void probe(Observation o, String cluster, String account, long t, BaselineView view,
                       EnumSet<Deviation> found) {
        String[] key = ProbeWindow.key(o, account);
        String id = BaselineView.rateKey(Model.PROBING, cluster, key[0], key[1]);
        long start = Math.floorDiv(t, ProbeWindow.SECONDS) * ProbeWindow.SECONDS;
        ProbeWindow w = probes.get(id);
        if (w == null || w.start != start) {
            w = new ProbeWindow(start, Keys.shared(account));
            probes.put(id, w);
        }
        if (w.add(o, settings)) {
            BaselineView.Rate learnt = view == null ? null : view.rate(Model.PROBING, cluster, key[0], key[1]);
            boolean usual = learnt != null && learnt.mature() && learnt.mean() * 100 >= settings.probingSuppressPercent;
            if (!usual) {
                found.add(Deviation.PERMISSION_PROBING);
            }
        }
    }

    /** Drops the windows of keys that have been quiet for a while, so memory follows the active keys. */
    private void sweep(long now) {
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
            if (Math.abs(now - it.next().newest) > IDLE_SECONDS) {
                it.remove();
            }
        }
        probes.values().removeIf(p -> Math.abs(now - p.start) > IDLE_SECONDS);
    }
}
