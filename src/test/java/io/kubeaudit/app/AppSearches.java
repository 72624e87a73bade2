package io.kubeaudit.app;

import io.kubeaudit.conf.Conf;
import io.kubeaudit.json.Json;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Every search the app ships, by where it is: saved searches, dashboard data sources, eventtypes. */
final class AppSearches {
    private AppSearches() {
    }

    /** "where" → SPL as a user would run it (dashboard tokens replaced by a placeholder value). */
    static Map<String, String> all() {
        Map<String, String> all = new LinkedHashMap<>();
        Conf saved = AppSource.conf("savedsearches.conf");
        for (String stanza : saved.stanzas()) {
            all.put("savedsearches.conf [" + stanza + "]", saved.get(stanza, "search"));
        }
        for (Map.Entry<String, Path> view : AppSource.views().entrySet()) {
            Map<String, Object> definition = AppSource.dashboard(view.getValue());
            AppSource.dashboardQueries(definition).forEach((id, q) ->
                    all.put(view.getKey() + ".xml " + id, q.replaceAll("\\$[A-Za-z0-9_.|]+\\$", "token")));
        }
        Conf eventtypes = AppSource.conf("eventtypes.conf");
        for (String stanza : eventtypes.stanzas()) {
            all.put("eventtypes.conf [" + stanza + "]", eventtypes.get(stanza, "search"));
        }
        return all;
    }

    static Map<String, Object> annotations(Conf saved, String stanza) {
        String json = saved.get(stanza, "action.correlationsearch.annotations");
        return json == null ? null : Json.asObject(Json.parse(json));
    }
}
