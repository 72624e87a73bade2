package io.kubeaudit.app;

import io.kubeaudit.baseline.Deviation;
import io.kubeaudit.commands.EnrichedFields;
import io.kubeaudit.conf.Conf;
import io.kubeaudit.detection.Label;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every saved search, dashboard query and event type names only things that exist: macros in
 * macros.conf, lookups in transforms.conf or lookups/, saved searches, SPL commands or the app's own
 * commands, kube_* fields that kubeenrich writes, and label and deviation ids of the catalog.
 */
class SearchReferencesTest {
    /** SPL commands the app's searches may use (a typo such as "stat" fails). */
    static final Set<String> SPL_COMMANDS = Set.of("search", "where", "eval", "stats", "eventstats", "streamstats",
            "timechart", "chart", "table", "fields", "rename", "fillnull", "rex", "spath", "iplocation", "convert",
            "sort", "head", "tail", "dedup", "lookup", "inputlookup", "outputlookup", "untable", "addinfo", "bin",
            "mvexpand", "append", "savedsearch", "loadjob", "makeresults", "xyseries", "fieldformat");
    private static final Pattern KUBE_FIELD = Pattern.compile("\\bkube_[a-z_]+\\b");
    private static final Pattern ID_FILTER = Pattern.compile(
            "\\bkube_(?:labels|deviations)\\s*(?:!?=\\s*([A-Za-z0-9_*]+)|\\s+IN\\s*\\(([^)]*)\\))");
    private static final Pattern ID_REGEX = Pattern.compile("\\^([a-z0-9_]*)(?:\\(([a-z0-9_|]+)\\))?\\$");

    @Test
    void everySearchNamesOnlyThingsThatExist() {
        Conf macros = AppSource.conf("macros.conf");
        Conf transforms = AppSource.conf("transforms.conf");
        Conf saved = AppSource.conf("savedsearches.conf");
        Conf commands = AppSource.conf("commands.conf");
        Set<String> ids = knownIds();
        Set<String> families = new TreeSet<>();
        ids.forEach(id -> families.add(id.substring(0, id.indexOf('_') + 1)));
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, String> e : AppSearches.all().entrySet()) {
            String where = e.getKey();
            List<String> local = new ArrayList<>();
            String spl = Spl.expand(e.getValue(), macros, local);
            Set<String> lookups = new TreeSet<>();
            for (Spl.Command c : Spl.commands(spl)) {
                if (!SPL_COMMANDS.contains(c.name()) && !commands.stanzas().contains(c.name())) {
                    local.add("unknown command '" + c.name() + "'");
                }
                if (Set.of("lookup", "inputlookup", "outputlookup").contains(c.name())) {
                    String table = Spl.positional(c.args()).get(0);
                    lookups.add(table);
                    if (!transforms.stanzas().contains(table)) { // the app ships no lookup file, only definitions
                        local.add("lookup '" + table + "' is not defined in transforms.conf");
                    }
                }
                if (c.name().equals("savedsearch")) {
                    String name = c.args().replaceAll("^\"|\"$", "");
                    if (!saved.stanzas().contains(name)) {
                        local.add("saved search '" + name + "' does not exist");
                    }
                }
            }
            Matcher f = KUBE_FIELD.matcher(spl);
            while (f.find()) {
                String field = f.group();
                if (!EnrichedFields.ALL.contains(field) && !lookups.contains(field)) {
                    local.add("field " + field + " is not one kubeenrich writes");
                }
            }
            local.addAll(unknownIds(spl, ids, families));
            local.forEach(p -> problems.add(where + ": " + p));
        }
        assertEquals("", String.join("\n", problems));
    }

    @Test
    void theReferenceCheckFindsWhatIsMissing() {
        Conf macros = Conf.parse("[known]\ndefinition = search *\n[f(1)]\nargs = x\ndefinition = eval y=$x$\n", "m");
        List<String> problems = new ArrayList<>();
        String spl = Spl.expand("`known` | `f(kube_labels)` | `unknown` | `f(a, b)`", macros, problems);
        assertEquals(List.of("macro `unknown` is not defined in macros.conf", "macro `f(2)` is not defined in macros.conf"),
                problems);
        assertEquals(List.of("search", "eval"), Spl.commands(spl).stream().map(Spl.Command::name).toList().subList(0, 2));
        assertEquals("y=kube_labels", Spl.commands(spl).get(1).args());
        List<Spl.Command> cs = Spl.commands("x | rex \"a|b\" | stats count [search y | head 1]");
        assertEquals(List.of("search", "rex", "stats", "search", "head"), cs.stream().map(Spl.Command::name).toList());

        Set<String> ids = knownIds();
        Set<String> families = Set.of("secret_", "dev_");
        assertEquals(List.of(), unknownIds("search kube_labels IN (secret_*, secret_get) kube_deviations=dev_new_account"
                + " | where isnotnull(mvfind(devs, \"^dev_(new_account|burst_secret_reads)$\"))", ids, families));
        assertEquals(List.of("unknown id secret_gets", "no id starts with secrets_", "unknown id dev_new_acount"),
                unknownIds("search kube_labels IN (secret_gets, secrets_*) | where match(devs, \"^dev_(new_acount)$\")",
                        ids, families));
    }

    static Set<String> knownIds() {
        Set<String> ids = new TreeSet<>();
        for (Label l : Label.values()) {
            ids.add(l.id());
        }
        for (Deviation d : Deviation.values()) {
            ids.add(d.id());
        }
        return ids;
    }

    /** Label and deviation ids in search filters and in the ^...$ patterns of mvfind/match. */
    static List<String> unknownIds(String spl, Set<String> ids, Set<String> families) {
        List<String> problems = new ArrayList<>();
        // Values compared with kube_labels / kube_deviations are ids whatever they look like; in patterns,
        // only strings that start like an id (a label family or dev_) are taken for ids.
        List<String> named = new ArrayList<>();
        List<String> inPatterns = new ArrayList<>();
        for (Spl.Command c : Spl.commands(spl)) {
            if (!c.name().equals("search")) {
                continue;
            }
            Matcher m = ID_FILTER.matcher(Spl.withoutStrings(c.args()));
            while (m.find()) {
                String list = m.group(1) != null ? m.group(1) : m.group(2);
                for (String v : list.split(",")) {
                    named.add(v.trim().replace("\"", ""));
                }
            }
        }
        for (String s : Spl.strings(spl)) {
            Matcher r = ID_REGEX.matcher(s);
            if (!r.matches()) {
                continue;
            }
            if (r.group(2) == null) {
                inPatterns.add(r.group(1));
            } else {
                for (String alt : r.group(2).split("\\|")) {
                    inPatterns.add(r.group(1) + alt);
                }
            }
        }
        inPatterns.stream().filter(id -> families.stream().anyMatch(id::startsWith)).forEach(named::add);
        for (String id : named) {
            if (id.equals("*")) {
                continue;
            }
            if (id.endsWith("*")) {
                String prefix = id.substring(0, id.length() - 1);
                if (ids.stream().noneMatch(i -> i.startsWith(prefix))) {
                    problems.add("no id starts with " + prefix);
                }
            } else if (!ids.contains(id)) {
                problems.add("unknown id " + id);
            }
        }
        return problems;
    }

    @Test
    void everySavedSearchAndDashboardStartsFromTheKubeAuditMacro() {
        for (Map.Entry<String, String> e : AppSearches.all().entrySet()) {
            if (e.getKey().startsWith("eventtypes.conf")) {
                continue;
            }
            String spl = e.getValue().strip();
            boolean ok = spl.startsWith("`kube_audit`") || spl.startsWith("| inputlookup kube_audit_baseline")
                    || !e.getKey().startsWith("savedsearches") && spl.startsWith("|");
            assertTrue(ok, e.getKey() + " does not start with `kube_audit`: " + spl);
        }
    }
}
