package io.kubeaudit.baseline;

import io.kubeaudit.detection.Observation;
import io.kubeaudit.detection.Outcome;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares events with the baseline model (catalog §3): the account's state, the first-seen
 * deviations and, when this process sees the whole stream, the rate deviations. Never writes.
 */
public final class Baseline {
    /** The lookup file kubebaseline's output is stored in, relative to the app folder. */
    public static final String LOOKUP_FILE = "kube_audit_baseline.csv";

    public enum State {
        NONE("none"), LEARNING("learning"), ESTABLISHED("established");

        private final String id;

        State(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    /** The deviation fields of one event. */
    public record Result(List<String> deviations, int score, List<String> mitre, State state) {
        static final Result NONE = new Result(List.of(), 0, List.of(), State.NONE);
    }

    private final BaselineSettings settings;
    private final BaselineView view;
    private final RateWindows rates;
    private final Sequences sequences;
    /** What the windows and sequences found for recent events, so that a duplicate is counted once and gets the same. */
    private final Map<Long, EnumSet<Deviation>> measured = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, EnumSet<Deviation>> eldest) {
            return size() > DUPLICATE_MEMORY;
        }
    };
    private static final int DUPLICATE_MEMORY = 50_000;
    private static final EnumSet<Deviation> NOTHING = EnumSet.noneOf(Deviation.class); // shared, never changed

    /**
     * @param view  the model, or null when there is none
     * @param rates whether this process sees the whole stream and may measure windows
     */
    public Baseline(BaselineSettings settings, BaselineView view, boolean rates) {
        this.settings = settings;
        this.view = view;
        this.rates = rates ? new RateWindows(settings) : null;
        this.sequences = rates ? new Sequences() : null;
    }

    /** A model read from a lookup file, or why there is none (one message for the user). */
    public record Loaded(BaselineView view, String message, boolean warning) {
    }

    /** Reads the model; a missing file is informational, a bad one a warning. Never throws. */
    public static Loaded load(Path file, BaselineSettings settings) {
        return load(file, settings, true);
    }

    /** @param rates whether the rate thresholds are needed (the rate deviations are measured) */
    public static Loaded load(Path file, BaselineSettings settings, boolean rates) {
        return load(file, settings, rates, ModelCache.standard());
    }

    /** @param cache where the compiled model is kept between searches, or null to read the CSV every time */
    static Loaded load(Path file, BaselineSettings settings, boolean rates, ModelCache cache) {
        BaselineView cached = cache == null ? null : cache.load(file, settings, rates);
        if (cached != null) {
            return new Loaded(cached, null, false);
        }
        BaselineView v = new BaselineView(settings, rates);
        try {
            ModelFile.read(file, v);
            v.seal();
            if (cache != null) {
                cache.save(file, v, settings, rates);
            }
            return new Loaded(v, null, false);
        } catch (NoSuchFileException e) {
            return new Loaded(null, "no baseline model yet (" + file + " does not exist), so kube_baseline_state=none "
                    + "and no first-seen deviations; schedule the baseline update search (kubebaseline | outputlookup "
                    + "kube_audit_baseline) to learn one", false);
        } catch (ModelFile.BadModelException e) {
            return new Loaded(null, "the baseline model cannot be used, so kube_baseline_state=none (labels are still "
                    + "computed): " + e.getMessage(), true);
        } catch (IOException | RuntimeException e) {
            return new Loaded(null, "the baseline model " + file + " cannot be read (" + e + "), so "
                    + "kube_baseline_state=none (labels are still computed)", true);
        }
    }

    public Result evaluate(Observation o) {
        if (view == null && rates == null) {
            return Result.NONE;
        }
        String cluster = Keys.cluster(o);
        String account = Keys.account(o);
        long t = o.timeMs() == Long.MIN_VALUE ? (view == null ? 0 : view.cutoff()) : Math.floorDiv(o.timeMs(), 1000);
        BaselineView.Entity a = view == null ? null : view.account(cluster, account);
        State state = a == null ? State.NONE : learning(a) ? State.LEARNING : State.ESTABLISHED;
        if (!o.decisive()) {
            return state == State.NONE ? Result.NONE : new Result(List.of(), 0, List.of(), state);
        }
        EnumSet<Deviation> found = EnumSet.noneOf(Deviation.class);
        if (view != null) {
            firstSeen(o, cluster, account, a, state, found);
        }
        if (rates != null && o.timeMs() != Long.MIN_VALUE) {
            found.addAll(measure(o, cluster, account, t, a));
        }
        found.removeIf(d -> !settings.enabled(d));
        if (found.isEmpty()) {
            return state == State.NONE ? Result.NONE : new Result(List.of(), 0, List.of(), state);
        }
        List<String> ids = new ArrayList<>(found.size());
        TreeSet<String> mitre = new TreeSet<>();
        int score = 0;
        for (Deviation d : found) {
            ids.add(d.id());
            mitre.addAll(d.mitre());
            score += settings.weight(d);
        }
        ids.sort(null);
        return new Result(ids, Math.min(100, score), List.copyOf(mitre), state);
    }

    /** Maturity is judged on the history the model holds (its cut-off), not on the event's time. */
    private boolean learning(BaselineView.Entity a) {
        return learning(a.first, a.count);
    }

    private boolean learning(long first, long count) {
        long age = view.cutoff() - first;
        boolean young = age < settings.accountLearningSeconds || count < settings.accountLearningMinEvents;
        return young && age < settings.accountLearningMaxSeconds;
    }

    /**
     * A caller's impersonation targets are learnt (3.2's account rule) over everything it did: its requests as
     * itself and those it made as others, so a proxy that only impersonates matures like any account.
     */
    private boolean impersonatorLearning(BaselineView.Entity targets, BaselineView.Entity own) {
        long first = Long.MAX_VALUE;
        long count = 0;
        for (BaselineView.Entity e : new BaselineView.Entity[] {targets, own}) {
            if (e != null) {
                first = Math.min(first, e.first);
                count += e.count;
            }
        }
        return learning(first, count);
    }

    private EnumSet<Deviation> measure(Observation o, String cluster, String account, long t, BaselineView.Entity a) {
        Long id = o.auditId() == null ? null : Keys.identity(o);
        EnumSet<Deviation> before = id == null ? null : measured.get(id);
        if (before != null) {
            return before;
        }
        EnumSet<Deviation> now = EnumSet.noneOf(Deviation.class);
        rates.evaluate(o, cluster, account, t, view, now);
        sequences.evaluate(o, cluster, account, t, a, now);
        if (id != null) {
            measured.put(id, now.isEmpty() ? NOTHING : now);
        }
        return now;
    }

    private void firstSeen(Observation o, String cluster, String account, BaselineView.Entity a, State state,
                           EnumSet<Deviation> found) {
        BaselineView.Entity c = view.cluster(cluster);
        if (c == null || view.cutoff() - c.first < settings.clusterLearningSeconds) {
            return; // the cluster itself is still learning (§3.2)
        }
        boolean shared = Keys.shared(account);
        if (a == null && !shared) {
            found.add(Deviation.NEW_ACCOUNT);
        }
        if (o.uaFamily() != null && settings.enabled(Dimension.UA_FAMILY) && !c.isVolatile(Dimension.UA_FAMILY)
                && !c.has(Dimension.UA_FAMILY, o.uaFamily())) {
            found.add(Deviation.NEW_UA_FAMILY_CLUSTER);
        }
        if (state == State.ESTABLISHED) {
            boolean attempt = o.outcome() == Outcome.OK || o.outcome() == Outcome.FAILED || o.outcome() == Outcome.DENIED;
            for (Dimension d : Dimension.values()) {
                if (!settings.enabled(d) || a.isVolatile(d)
                        || ((d == Dimension.SECRET || d == Dimension.DECISION) && !attempt)) {
                    continue;
                }
                List<String> values = Keys.values(d, o, account);
                for (int i = 0; i < values.size(); i++) {
                    if (!a.has(d, values.get(i))) {
                        found.add(d.deviation());
                        break;
                    }
                }
            }
        }
        if (o.caller() != null && o.impTarget() != null && settings.enabled(Dimension.IMPERSONATION_TARGET)) {
            BaselineView.Entity targets = view.impersonator(cluster, o.caller());
            BaselineView.Entity own = view.account(cluster, o.caller());
            // an account known as itself that never impersonated has an empty set of targets: the first is new
            if ((targets != null || own != null) && !impersonatorLearning(targets, own)
                    && (targets == null || !targets.isVolatile(Dimension.IMPERSONATION_TARGET)
                    && !targets.has(Dimension.IMPERSONATION_TARGET, o.impTarget()))) {
                found.add(Deviation.NEW_IMPERSONATION_TARGET);
            }
        }
    }
}
