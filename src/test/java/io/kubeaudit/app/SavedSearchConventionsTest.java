package io.kubeaudit.app;

import io.kubeaudit.conf.Conf;
import io.kubeaudit.json.Json;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * How the saved searches are shipped (AppInspect's savedsearches rules, the security content's shape:
 * stories, ATT&CK ids, risk, filter macros) and that their SPL avoids the pitfalls of the 2020 and
 * 2023 security content (escu.md §5-§7, §10).
 */
class SavedSearchConventionsTest {
    static final Map<String, String> STORY_FILTERS = Map.of(
            "Kubernetes Sensitive Object Access Activity", "kube_sensitive_object_activity_filter",
            "Kubernetes Sensitive Role Activity", "kube_sensitive_role_activity_filter",
            "Kubernetes Scanning Activity", "kube_scanning_activity_filter",
            "Kubernetes Cluster Attacks", "kube_cluster_attacks_filter");
    private static final Pattern MITRE = Pattern.compile("T\\d{4}(\\.\\d{3})?");
    private static final Pattern TRAILING_MACROS = Pattern.compile("`([a-z0-9_]+)`\\s*\\|\\s*`([a-z0-9_]+)`\\s*$");

    @Test
    void scheduledSearchesPassAppInspectRules() {
        Conf saved = AppSource.conf("savedsearches.conf");
        List<String> problems = new ArrayList<>();
        for (String s : saved.stanzas()) {
            Map<String, Conf.Entry> k = saved.stanza(s);
            if (value(k, "description").isBlank()) {
                problems.add(s + ": no description");
            }
            if (!value(k, "action.email.to").isEmpty()) {
                problems.add(s + ": action.email.to set");
            }
            if (!"1".equals(value(k, "enableSched"))) {
                continue;
            }
            String earliest = value(k, "dispatch.earliest_time");
            String latest = value(k, "dispatch.latest_time");
            if (earliest.isEmpty() || latest.isEmpty()) {
                problems.add(s + ": scheduled without dispatch.earliest_time and dispatch.latest_time");
            }
            if (earliest.startsWith("rt") || latest.startsWith("rt")) {
                problems.add(s + ": real-time schedule");
            }
            if (latest.isEmpty() || latest.equals("now")) {
                problems.add(s + ": the window must end before now, for events still being indexed");
            }
            int runs = runsPerHour(value(k, "cron_schedule"));
            if (runs < 1 || runs > 12) {
                problems.add(s + ": cron_schedule '" + value(k, "cron_schedule") + "' runs " + runs + " times an hour");
            }
            if (!value(k, "disabled").equals("1")) {
                problems.add(s + ": ships enabled; detections ship disabled, the user enables them");
            }
        }
        assertEquals("", String.join("\n", problems));
    }

    @Test
    void alertsCarryStoriesAttackIdsRiskAndTheirFilterMacros() {
        Conf saved = AppSource.conf("savedsearches.conf");
        Conf macros = AppSource.conf("macros.conf");
        List<String> problems = new ArrayList<>();
        Set<String> usedFilters = new TreeSet<>();
        for (String s : saved.stanzas()) {
            Map<String, Conf.Entry> k = saved.stanza(s);
            String search = value(k, "search");
            Matcher trailing = TRAILING_MACROS.matcher(search);
            if (trailing.find()) {
                usedFilters.add(trailing.group(1));
                usedFilters.add(trailing.group(2));
            }
            if (value(k, "counttype").isEmpty()) {
                continue;
            }
            Map<String, Object> annotations = AppSearches.annotations(saved, s);
            if (annotations == null) {
                problems.add(s + ": no action.correlationsearch.annotations");
                continue;
            }
            List<Object> stories = Json.asList(annotations.get("analytic_story"));
            if (stories == null || stories.isEmpty() || !STORY_FILTERS.keySet().containsAll(stories)) {
                problems.add(s + ": analytic_story " + stories + " is not among " + STORY_FILTERS.keySet());
                continue;
            }
            List<Object> mitre = Json.asList(annotations.get("mitre_attack"));
            if (mitre == null || mitre.isEmpty() || !mitre.stream().allMatch(t -> MITRE.matcher((String) t).matches())) {
                problems.add(s + ": mitre_attack " + mitre + " is not a list of ATT&CK technique ids");
            }
            if (!trailing.matches() && !trailing.find(0)) {
                problems.add(s + ": does not end with its story's filter macro and its own filter macro");
                continue;
            }
            String storyFilter = STORY_FILTERS.get((String) stories.get(0));
            if (!trailing.group(1).equals(storyFilter)) {
                problems.add(s + ": ends with `" + trailing.group(1) + "`, not the story filter `" + storyFilter + "`");
            }
            String own = trailing.group(2);
            if (!own.endsWith("_filter") || STORY_FILTERS.containsValue(own)
                    || !value(macros.stanza(own), "description").contains(s)) {
                problems.add(s + ": its last macro `" + own + "` is not a filter macro that names this search");
            }
            if (!value(k, "action.risk").equals("1")) {
                problems.add(s + ": no risk action");
            }
            for (Object o : Json.asList(Json.parse(value(k, "action.risk.param._risk")))) {
                Map<String, Object> risk = Json.asObject(o);
                String field = Json.asString(risk.containsKey("risk_object_field") ? risk.get("risk_object_field")
                        : risk.get("threat_object_field"));
                if (field == null || !search.contains(field)) {
                    problems.add(s + ": risk or threat object field " + field + " is not in the search's output");
                }
            }
            if (!search.contains("alert_reason")) {
                problems.add(s + ": rows do not say why they alert (alert_reason)");
            }
        }
        for (String m : macros.stanzas()) {
            if (m.endsWith("_filter") && !usedFilters.contains(m)) {
                problems.add("macro " + m + " is not used by any saved search");
            }
        }
        assertEquals("", String.join("\n", problems));
    }

    @Test
    void theSplAvoidsTheSecurityContentPitfalls() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : AppSearches.all().entrySet()) {
            problems.addAll(pitfalls(e.getKey(), e.getValue()));
        }
        assertEquals("", String.join("\n", problems));
    }

    @Test
    void thePitfallCheckFindsThem() {
        String bad = "`kube_audit` objectRef.resource=secrets OR configmaps sourceIPs{}!=127.0.0.1 "
                + "user.username=\"system.anonymous\" requestURI=\"/api/v1/pods\" | fillnull "
                + "| stats count by user.groups{} | iplocation sourceIPs{} | rare verb";
        List<String> found = pitfalls("t", bad);
        assertEquals(9, found.size(), String.join("\n", found));
        assertEquals(List.of(), pitfalls("t", "`kube_audit` (secrets OR configmaps) | kubeenrich "
                + "| search kube_labels=x OR (a=b c=d) NOT kube_src_ip IN (\"::1\") | fillnull value=\"-\" a "
                + "| stats count by kube_src_ip | iplocation kube_src_ip"));
    }

    @Test
    void countsAndRiskAlertsReadWhatTheyNeed() {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : AppSearches.all().entrySet()) {
            problems.addAll(streamProblems(e.getKey(), e.getValue()));
        }
        assertEquals("", String.join("\n", problems));
    }

    @Test
    void theStreamCheckFindsThem() {
        assertEquals(List.of(), streamProblems("eventtypes.conf", "sourcetype=kube:audit stage=ResponseComplete verb=create"),
                "an eventtype cannot call a macro, and runs no kubeenrich");
        assertEquals(3, streamProblems("t", "`kube_audit` secrets | kubeenrich rates=true | where kube_risk_score >= 40 "
                + "| search stage=ResponseComplete").size());
        assertEquals(List.of(), streamProblems("t", "`kube_audit` 403 | kubeenrich rates=true "
                + "| `kube_audit_prefiltered_deviations` | `kube_audit_decisive` | stats count"));
        assertEquals(List.of(), streamProblems("t", "`kube_audit` | kubeenrich rates=true | where kube_risk_score >= 40"));
    }

    /**
     * A prefiltered stream (a raw term before kubeenrich rates=true) undercounts an account's requests,
     * so the deviations that need all of them (the denied share, probing ...) are wrong there: they
     * must be dropped, and an alert must not rest on kube_risk_score, which adds their weights. One event per request is `kube_audit_decisive`,
     * not stage=ResponseComplete (exec and attach are labelled at ResponseStarted, GKE has no stage).
     */
    static List<String> streamProblems(String where, String spl) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile("^`kube_audit`([^|]*)\\|\\s*kubeenrich rates=true").matcher(spl.strip());
        if (m.find() && !m.group(1).isBlank()) {
            if (!spl.contains("`kube_audit_prefiltered_deviations`") && !spl.contains("mvfilter(match(kube_deviations")) {
                found.add(where + ": prefiltered rates=true without `kube_audit_prefiltered_deviations` (or a list of the deviations kept)");
            }
            if (spl.matches("(?s).*(where|case\\().*(kube_risk_score|max_risk|risk_sum)\\s*>=.*")) {
                found.add(where + ": prefiltered rates=true alerts on kube_risk_score");
            }
        }
        if (spl.contains("kubeenrich") && spl.contains("stage=ResponseComplete")) {
            found.add(where + ": stage=ResponseComplete loses exec, attach and stage-less requests; use `kube_audit_decisive`");
        }
        return found;
    }

    /** The pitfalls of escu.md §10 and of the individual searches, as checks on our SPL. */
    static List<String> pitfalls(String where, String spl) {
        List<String> found = new ArrayList<>();
        boolean isEventtype = where.startsWith("eventtypes.conf");
        if (!isEventtype && !spl.contains("kubeenrich") && !spl.contains("kubebaseline")
                && !spl.startsWith("| inputlookup")) {
            found.add(where + ": decides without kubeenrich (labels and deviations are the detection logic)");
        }
        if (spl.contains("system.anonymous") || spl.contains("system.serviceaccount")) {
            found.add(where + ": 'system.' instead of 'system:' (the 2020 typo that never matches)");
        }
        for (Spl.Command c : Spl.commands(spl)) {
            String args = Spl.withoutStrings(c.args());
            switch (c.name()) {
                case "search" -> {
                    if (Pattern.compile("[A-Za-z0-9_.{}]+!=").matcher(args).find()) {
                        found.add(where + ": 'field!=value' in a search drops events without the field; use NOT");
                    }
                    if (mixesBareWordWithComparison(args)) {
                        found.add(where + ": a bare word OR'ed with a field comparison (OR binds tighter; the "
                                + "bare word is a raw-text term)");
                    }
                    if (Pattern.compile("\\brequestURI=").matcher(args).find()) {
                        found.add(where + ": exact requestURI comparison misses query strings");
                    }
                }
                case "fillnull" -> {
                    if (Spl.positional(args).isEmpty()) {
                        found.add(where + ": fillnull without a field list writes into every field");
                    }
                }
                case "stats", "eventstats", "timechart", "chart" -> {
                    int by = args.indexOf(" by ");
                    if (by >= 0 && args.substring(by).contains("{}")) {
                        found.add(where + ": grouping by a multivalue audit field splits events into rows");
                    }
                }
                case "iplocation" -> {
                    if (!args.trim().endsWith("kube_src_ip")) {
                        found.add(where + ": iplocation on a multivalue field locates only its first value; "
                                + "use kube_src_ip");
                    }
                }
                case "rare", "top" -> found.add(where + ": " + c.name() + " ranks inside the search window only; "
                        + "use the baseline deviations");
                default -> {
                }
            }
        }
        return found;
    }

    /** True for "a=b OR word" or "word OR a=b" at the top level of a search expression. */
    static boolean mixesBareWordWithComparison(String expr) {
        List<String> tokens = new ArrayList<>();
        Matcher m = Pattern.compile("\\([^()]*\\)|\\S+\\s+IN\\s*\\([^)]*\\)|\\S+").matcher(expr);
        while (m.find()) {
            tokens.add(m.group());
        }
        for (int i = 1; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).equals("OR")) {
                boolean left = isComparison(tokens.get(i - 1));
                boolean right = isComparison(tokens.get(i + 1));
                if (left != right && !isGroup(tokens.get(i - 1)) && !isGroup(tokens.get(i + 1))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isComparison(String t) {
        return t.contains("=") || t.contains(" IN") || t.contains("<") || t.contains(">");
    }

    private static boolean isGroup(String t) {
        return t.startsWith("(");
    }

    private static String value(Map<String, Conf.Entry> keys, String key) {
        Conf.Entry e = keys.get(key);
        return e == null ? "" : e.value();
    }

    /** Runs per hour of a five-field cron expression's minute field (0 when it is not valid). */
    static int runsPerHour(String cron) {
        String[] f = cron.trim().split("\\s+");
        if (f.length != 5) {
            return 0;
        }
        String minute = f[0];
        if (minute.equals("*")) {
            return 60;
        }
        if (minute.startsWith("*/")) {
            int step = Integer.parseInt(minute.substring(2));
            return step <= 0 ? 0 : (59 / step) + 1;
        }
        int runs = 0;
        for (String part : minute.split(",")) {
            if (!part.matches("\\d{1,2}") || Integer.parseInt(part) > 59) {
                return 0;
            }
            runs++;
        }
        return runs;
    }

    @Test
    void cronRunsPerHour() {
        assertEquals(4, runsPerHour("*/15 * * * *"));
        assertEquals(1, runsPerHour("10 0 * * *"));
        assertEquals(60, runsPerHour("* * * * *"));
        assertEquals(0, runsPerHour("61 * * * *"));
        assertFalse(runsPerHour("0 * * *") > 0);
    }
}
