package io.kubeaudit.app;

import io.kubeaudit.json.Json;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Path;
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
 * The Dashboard Studio views hold together: every visualization's data source, every chain's base,
 * every layout item and global input exists; every $token$ a query uses is set by an input; every
 * drilldown opens a view of this app and sets tokens that view has inputs for; the nav opens on the
 * overview and lists only views that exist.
 */
class DashboardTest {
    private static final Pattern TOKEN = Pattern.compile("\\$([A-Za-z0-9_.]+)(?:\\|[a-z]+)?\\$");

    @Test
    void viewsAreConsistent() {
        Map<String, Path> views = AppSource.views();
        assertTrue(views.keySet().containsAll(List.of("kube_audit_overview", "kube_audit_account")), views.keySet().toString());
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Path> v : views.entrySet()) {
            problems.addAll(check(v.getKey(), AppSource.dashboard(v.getValue()), views));
        }
        assertEquals("", String.join("\n", problems));
    }

    static List<String> check(String name, Map<String, Object> d, Map<String, Path> views) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> sources = Json.asObject(d.get("dataSources"));
        Map<String, Object> vizs = Json.asObject(d.get("visualizations"));
        Map<String, Object> inputs = Json.asObject(d.get("inputs"));
        Set<String> tokens = inputTokens(inputs);
        for (Map.Entry<String, Object> v : vizs.entrySet()) {
            Map<String, Object> viz = Json.asObject(v.getValue());
            Map<String, Object> ds = Json.asObject(viz.get("dataSources"));
            if (ds == null || !sources.containsKey(Json.asString(ds.get("primary")))) {
                problems.add(name + ": " + v.getKey() + " has no existing primary data source");
            }
            List<Object> handlers = Json.asList(viz.get("eventHandlers"));
            for (Object h : handlers == null ? List.of() : handlers) {
                problems.addAll(checkDrilldown(name + ": " + v.getKey(), Json.asObject(h), tokens, views));
            }
        }
        for (Map.Entry<String, Object> s : sources.entrySet()) {
            Map<String, Object> options = Json.asObject(Json.asObject(s.getValue()).get("options"));
            String extend = Json.asString(options.get("extend"));
            if (extend != null && !sources.containsKey(extend)) {
                problems.add(name + ": " + s.getKey() + " extends missing " + extend);
            }
            for (String t : used(Json.write(options))) {
                if (!tokens.contains(t)) {
                    problems.add(name + ": " + s.getKey() + " uses $" + t + "$, which no input sets");
                }
            }
        }
        Map<String, Object> layout = Json.asObject(d.get("layout"));
        for (Object item : Json.asList(layout.get("structure"))) {
            String id = Json.asString(Json.asObject(item).get("item"));
            if (!vizs.containsKey(id)) {
                problems.add(name + ": layout places missing " + id);
            }
        }
        for (Object in : Json.asList(layout.get("globalInputs"))) {
            if (!inputs.containsKey(Json.asString(in))) {
                problems.add(name + ": layout shows missing input " + in);
            }
        }
        return problems;
    }

    private static List<String> checkDrilldown(String where, Map<String, Object> handler, Set<String> tokens,
                                               Map<String, Path> views) {
        List<String> problems = new ArrayList<>();
        if (!"drilldown.linkToDashboard".equals(Json.asString(handler.get("type")))) {
            return problems;
        }
        Map<String, Object> o = Json.asObject(handler.get("options"));
        String target = Json.asString(o.get("dashboard"));
        if (!AppSource.APP_ID.equals(Json.asString(o.get("app"))) || !views.containsKey(target)) {
            problems.add(where + ": drilldown to " + o.get("app") + "/" + target + ", not a view of this app");
            return problems;
        }
        Set<String> targetTokens = inputTokens(Json.asObject(AppSource.dashboard(views.get(target)).get("inputs")));
        for (Object t : Json.asList(o.get("tokens"))) {
            Map<String, Object> tok = Json.asObject(t);
            String set = Json.asString(tok.get("token"));
            String value = Json.asString(tok.get("value"));
            if (!targetTokens.contains(set)) {
                problems.add(where + ": drilldown sets " + set + ", which " + target + " has no input for");
            }
            if (!value.startsWith("row.") && !tokens.contains(value)) {
                problems.add(where + ": drilldown passes " + value + ", which no input of this view sets");
            }
        }
        return problems;
    }

    /** Tokens the inputs set; a time range sets token.earliest and token.latest. */
    private static Set<String> inputTokens(Map<String, Object> inputs) {
        Set<String> tokens = new TreeSet<>();
        for (Object in : inputs.values()) {
            Map<String, Object> input = Json.asObject(in);
            String token = Json.asString(Json.asObject(input.get("options")).get("token"));
            if ("input.timerange".equals(Json.asString(input.get("type")))) {
                tokens.add(token + ".earliest");
                tokens.add(token + ".latest");
            }
            tokens.add(token);
        }
        return tokens;
    }

    private static Set<String> used(String text) {
        Set<String> used = new TreeSet<>();
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            used.add(m.group(1));
        }
        return used;
    }

    @Test
    void panelsExtendOnlyTransformingBaseSearches() {
        // chains see only the first 500,000 events of a base search that returns events
        for (Path view : AppSource.views().values()) {
            panelsExtendOnlyTransformingBaseSearches(Json.asObject(AppSource.dashboard(view).get("dataSources")));
        }
    }

    private static void panelsExtendOnlyTransformingBaseSearches(Map<String, Object> sources) {
        for (Map.Entry<String, Object> s : sources.entrySet()) {
            Map<String, Object> options = Json.asObject(Json.asObject(s.getValue()).get("options"));
            String extend = Json.asString(options.get("extend"));
            if (extend != null) {
                String base = Json.asString(Json.asObject(Json.asObject(sources.get(extend)).get("options")).get("query"));
                String afterEnrich = base.substring(base.lastIndexOf("kubeenrich"));
                assertTrue(afterEnrich.matches("(?s).*\\|\\s*(stats|chart|timechart|top|rare)\\s.*"),
                        s.getKey() + " extends " + extend + ", which is not transforming: " + base);
            }
        }
    }

    @Test
    void theCheckFindsBrokenReferences() {
        Map<String, Object> d = Json.asObject(Json.parse("{\"inputs\": {\"i\": {\"type\": \"input.text\", "
                + "\"options\": {\"token\": \"account\"}}},"
                + "\"dataSources\": {\"a\": {\"type\": \"ds.search\", \"options\": {\"query\": \"x $acount$\"}},"
                + " \"b\": {\"type\": \"ds.chain\", \"options\": {\"extend\": \"z\", \"query\": \"| stats count\"}}},"
                + "\"visualizations\": {\"v\": {\"type\": \"splunk.table\", \"dataSources\": {\"primary\": \"c\"},"
                + " \"eventHandlers\": [{\"type\": \"drilldown.linkToDashboard\", \"options\": {\"app\": \"search\","
                + " \"dashboard\": \"x\"}}]}},"
                + "\"layout\": {\"structure\": [{\"item\": \"w\"}], \"globalInputs\": [\"j\"]}}"));
        List<String> problems = check("t", d, AppSource.views());
        assertEquals(6, problems.size(), String.join("\n", problems));
    }

    @Test
    void navOpensOnTheOverviewAndListsExistingViews() throws Exception {
        Document nav = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(AppSource.NAV.toFile());
        NodeList list = nav.getElementsByTagName("view");
        Set<String> builtIn = Set.of("search", "reports", "alerts", "dashboards", "datasets");
        String defaultView = null;
        for (int i = 0; i < list.getLength(); i++) {
            Element view = (Element) list.item(i);
            String name = view.getAttribute("name");
            assertTrue(builtIn.contains(name) || AppSource.views().containsKey(name), "nav lists missing view " + name);
            if ("true".equals(view.getAttribute("default"))) {
                defaultView = name;
            }
        }
        assertEquals("kube_audit_overview", defaultView);
    }
}
