package io.kubeaudit.app;

import io.kubeaudit.conf.Conf;
import io.kubeaudit.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The app as the repository holds it: default/*.conf, the views, the nav and the spec files. */
final class AppSource {
    static final String APP_ID = "kube_audit_analytics";
    static final Path DEFAULT = Path.of("default");
    static final Path VIEWS = DEFAULT.resolve("data/ui/views");
    static final Path NAV = DEFAULT.resolve("data/ui/nav/default.xml");
    static final Path APP_README = Path.of("app/README");

    private static final Pattern DEFINITION = Pattern.compile("<definition><!\\[CDATA\\[(.*?)]]></definition>",
            Pattern.DOTALL);

    private AppSource() {
    }

    /** The .conf files the app ships in default/. */
    static List<Path> confFiles() {
        try (Stream<Path> s = Files.list(DEFAULT)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".conf")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One default/ conf file, which must parse without problems. */
    static Conf conf(String name) {
        Path p = DEFAULT.resolve(name);
        try {
            Conf c = Conf.parse(Files.readString(p, StandardCharsets.UTF_8), p.toString());
            assertEquals(List.of(), c.problems(), p + " has lines Splunk would not read");
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Map<String, Path> views() {
        Map<String, Path> views = new TreeMap<>();
        try (Stream<Path> s = Files.list(VIEWS)) {
            s.filter(p -> p.toString().endsWith(".xml"))
                    .forEach(p -> views.put(p.getFileName().toString().replaceFirst("\\.xml$", ""), p));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return views;
    }

    /** The Dashboard Studio definition (the JSON inside the view's CDATA). */
    static Map<String, Object> dashboard(Path view) {
        try {
            String xml = Files.readString(view, StandardCharsets.UTF_8);
            assertTrue(xml.startsWith("<dashboard version=\"2\""), view + " is not a Dashboard Studio view");
            Matcher m = DEFINITION.matcher(xml);
            assertTrue(m.find(), view + " has no <definition><![CDATA[...]]></definition>");
            return Json.asObject(Json.parse(m.group(1)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every search query of a dashboard: data source id → query (a chain's query is appended to its base). */
    static Map<String, String> dashboardQueries(Map<String, Object> definition) {
        Map<String, Object> sources = Json.asObject(definition.get("dataSources"));
        Map<String, String> queries = new TreeMap<>();
        for (String id : sources.keySet()) {
            queries.put(id, fullQuery(sources, id, new ArrayList<>()));
        }
        return queries;
    }

    private static String fullQuery(Map<String, Object> sources, String id, List<String> seen) {
        assertTrue(!seen.contains(id), "data source chain loops: " + seen + " -> " + id);
        seen.add(id);
        Map<String, Object> ds = Json.asObject(sources.get(id));
        assertTrue(ds != null, "no data source " + id);
        Map<String, Object> options = Json.asObject(ds.get("options"));
        String query = Json.asString(options.get("query"));
        String type = Json.asString(ds.get("type"));
        if ("ds.chain".equals(type)) {
            return fullQuery(sources, Json.asString(options.get("extend")), seen) + " " + query;
        }
        assertEquals("ds.search", type, "data source " + id);
        return query;
    }
}
