package io.kubeaudit.app;

import io.kubeaudit.conf.Conf;
import io.kubeaudit.testing.Shared;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every stanza and key of every .conf file the app ships is one the Splunk 9.2 spec declares (our
 * own kubeaudit.conf against the spec the app ships), and boolean and integer settings have such
 * values: a typo fails the build.
 */
class ConfSpecTest {

    @Test
    void everyShippedConfFileFollowsItsSpec() throws Exception {
        Path specs = Shared.require("splunk/spec");
        List<String> problems = new ArrayList<>();
        for (Path file : AppSource.confFiles()) {
            String name = file.getFileName().toString();
            problems.addAll(name.equals("inputs.conf") ? checkInputs(file, specs) : check(file, specsFor(name, specs)));
        }
        Path meta = Path.of("metadata/default.meta");
        problems.addAll(check(meta, List.of(ConfSpec.readExamples(specs.resolve("default.meta.spec")))));
        assertEquals("", String.join("\n", problems));
    }

    @Test
    void theCheckCatchesTyposInStanzasKeysAndValues() throws Exception {
        Path specs = Shared.require("splunk/spec");
        ConfSpec saved = ConfSpec.read(specs.resolve("savedsearches.conf.spec"));
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("search", "`kube_audit` | kubeenrich");
        keys.put("dispatch.earliest_time", "-70m@m");
        keys.put("action.risk.param._risk_score", "0");
        assertEquals(List.of(), saved.check("t.conf", "Any Name", keys));
        keys.put("dispatch.earliest", "-70m@m");
        keys.put("enableSched", "yes please");
        keys.put("quantity", "many");
        assertEquals(List.of("t.conf: [Any Name] dispatch.earliest is not a setting of savedsearches.conf.spec",
                "t.conf: [Any Name] enableSched = yes please is not a [0|1] (savedsearches.conf.spec)",
                "t.conf: [Any Name] quantity = many is not a <integer> (savedsearches.conf.spec)"),
                saved.check("t.conf", "Any Name", keys));

        ConfSpec app = ConfSpec.read(specs.resolve("app.conf.spec"));
        assertEquals(List.of("t.conf: stanza [launch] is not a stanza of app.conf.spec"),
                app.check("t.conf", "launch", Map.of("version", "1.0.0")));
        assertEquals(List.of(), app.check("t.conf", "launcher", Map.of("version", "1.0.0")));

        ConfSpec bnf = ConfSpec.read(specs.resolve("searchbnf.conf.spec"));
        assertEquals(List.of(), bnf.check("t.conf", "kubeenrich-command", Map.of("syntax", "kubeenrich", "usage", "public")));
        assertFalse(bnf.check("t.conf", "kubeenrich-command", Map.of("synopsis", "x")).isEmpty());
    }

    @Test
    void ourOwnSpecCoversKubeauditConf() throws Exception {
        List<String> problems = check(AppSource.DEFAULT.resolve("kubeaudit.conf"),
                List.of(AppSource.APP_README.resolve("kubeaudit.conf.spec")));
        assertEquals("", String.join("\n", problems));
    }

    /**
     * inputs.conf: a modular input's stanzas — [scheme] (its defaults, inputs.conf.spec "Modular
     * Inputs") and [scheme://name] — take the scheme's settings from README/inputs.conf.spec and the
     * settings Splunk gives every scripted input ([script://...] of inputs.conf.spec: interval,
     * start_by_shell, host, index, sourcetype ...). Other stanzas follow inputs.conf.spec.
     */
    private static List<String> checkInputs(Path file, Path specs) throws IOException {
        ConfSpec splunk = ConfSpec.read(specs.resolve("inputs.conf.spec"));
        Path oursPath = AppSource.APP_README.resolve("inputs.conf.spec");
        ConfSpec ours = Files.exists(oursPath) ? ConfSpec.read(oursPath) : null;
        Conf conf = Conf.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        List<String> problems = new ArrayList<>(conf.problems());
        for (String stanza : conf.stanzas()) {
            Map<String, String> keys = new LinkedHashMap<>();
            conf.stanza(stanza).forEach((k, e) -> keys.put(k, e.value()));
            String scheme = stanza.contains("://") ? stanza.substring(0, stanza.indexOf("://")) : stanza;
            boolean modular = ours != null && ours.check("", scheme + "://any", Map.of()).isEmpty();
            if (!modular) {
                problems.addAll(splunk.check(file.toString(), stanza, keys));
                continue;
            }
            for (Map.Entry<String, String> kv : keys.entrySet()) {
                Map<String, String> one = Map.of(kv.getKey(), kv.getValue());
                List<String> asScheme = ours.check(file.toString(), scheme + "://any", one);
                if (!asScheme.isEmpty() && !splunk.check(file.toString(), "script://any", one).isEmpty()) {
                    problems.add(file + ": [" + stanza + "] " + kv.getKey() + " is neither a setting of " + scheme
                            + " (README/inputs.conf.spec) nor one Splunk gives every scripted input");
                }
            }
        }
        return problems;
    }

    /** The Splunk spec of a file; our own spec for our own file; a modular input's stanzas from README. */
    private static List<Path> specsFor(String conf, Path specs) throws URISyntaxException {
        List<Path> found = new ArrayList<>();
        Path splunk = specs.resolve(conf + ".spec");
        if (Files.exists(splunk)) {
            found.add(splunk);
        }
        Path ours = AppSource.APP_README.resolve(conf + ".spec");
        if (Files.exists(ours)) {
            found.add(ours);
        }
        if (conf.equals("server.conf")) {
            found.add(Path.of(ConfSpecTest.class.getResource("server.conf.spec.excerpt").toURI()));
        }
        assertTrue(!found.isEmpty(), "no spec declares " + conf + ": add it to app/README/" + conf + ".spec");
        return found;
    }

    /** A stanza is valid when one of the specs declares it and its keys. */
    private static List<String> check(Path file, List<Path> specPaths) throws IOException {
        List<ConfSpec> specs = new ArrayList<>();
        for (Path p : specPaths) {
            specs.add(ConfSpec.read(p));
        }
        return check(file, specs);
    }

    private static List<String> check(Path file, Iterable<ConfSpec> specs) throws IOException {
        Conf conf = Conf.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        List<String> problems = new ArrayList<>(conf.problems());
        for (String stanza : conf.stanzas()) {
            Map<String, String> keys = new LinkedHashMap<>();
            conf.stanza(stanza).forEach((k, e) -> keys.put(k, e.value()));
            List<String> best = null;
            for (ConfSpec spec : specs) {
                List<String> p = spec.check(file.toString(), stanza, keys);
                if (best == null || p.size() < best.size()) {
                    best = p;
                }
            }
            problems.addAll(best);
        }
        return problems;
    }
}
