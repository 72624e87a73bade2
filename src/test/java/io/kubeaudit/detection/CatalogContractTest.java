package io.kubeaudit.detection;

import io.kubeaudit.testing.Shared;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The label table against the catalog it implements (docs/detections.md §2, the contract with the
 * saved searches): same ids, severities, risks and ATT&CK ids, nothing missing, nothing extra.
 */
class CatalogContractTest {

    record Row(String id, String severity, int risk, List<String> mitre) {
    }

    static List<Row> catalogRows(Path md) throws IOException {
        String text = Files.readString(md);
        int from = text.indexOf("## 2. Event-level labels");
        int to = text.indexOf("### 2.13");
        List<Row> rows = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^\\| `([a-z0-9_]+)` \\| .*$").matcher(text.substring(from, to));
        while (m.find()) {
            String[] cells = m.group().substring(1).split(" \\| ");
            String id = cells[0].trim().replace("`", "");
            List<String> mitre = new ArrayList<>();
            if (!cells[4].trim().equals("—")) {
                for (String t : cells[4].split(",")) {
                    mitre.add(t.trim().replace("*", ""));
                }
            }
            rows.add(new Row(id, cells[2].trim(), Integer.parseInt(cells[3].trim()), mitre));
        }
        return rows;
    }

    @Test
    void everyCatalogLabelIsImplementedWithItsSeverityRiskAndAttackIds() throws IOException {
        List<Row> rows = catalogRows(Shared.require("docs/detections.md"));
        assertEquals(125, rows.size(), "labels in the catalog");
        Set<String> ids = new HashSet<>();
        for (Row r : rows) {
            ids.add(r.id());
            Label l = Label.byId(r.id());
            assertTrue(l != null, "not implemented: " + r.id());
            assertEquals(r.id(), l.id());
            assertEquals(r.severity(), l.severity().id(), r.id() + " severity");
            assertEquals(r.risk(), l.risk(), r.id() + " risk");
            assertEquals(r.mitre(), l.mitre(), r.id() + " ATT&CK ids");
            assertTrue(l.severity().contains(l.risk()), r.id() + ": risk outside its severity band");
        }
        for (Label l : Label.values()) {
            assertTrue(ids.contains(l.id()), "label not in the catalog: " + l.id());
        }
    }

    @Test
    void everyCatalogTunableListIsConfigurable() throws IOException {
        String text = Files.readString(Shared.require("docs/detections.md"));
        int from = text.indexOf("### 1.11 Tunable lists");
        int to = text.indexOf("### 1.12");
        Matcher m = Pattern.compile("(?m)^\\| ([^|]+) \\|").matcher(text.substring(from, to));
        List<String> missing = new ArrayList<>();
        Set<String> settings = Set.of("token_long_lived_seconds", "emit_activity_labels", "threat_ip_lookup",
                "cloud_provider_ranges");
        Set<String> configured = new HashSet<>(DetectionConfig.LISTS.keySet());
        configured.add("exec_allowlist"); // [exec_allow:<name>] stanzas
        configured.add("privileged_impersonation_targets"); // split: _users and _groups, as the catalog splits it
        assertTrue(configured.containsAll(List.of("privileged_impersonation_users", "privileged_impersonation_groups")));
        int names = 0;
        while (m.find()) {
            Matcher n = Pattern.compile("`([a-z_]+)`").matcher(m.group(1));
            while (n.find()) {
                if (Label.byId(n.group(1)) != null) {
                    continue; // a label named in the description ("for pod_system_namespace")
                }
                names++;
                if (!configured.contains(n.group(1)) && !settings.contains(n.group(1))) {
                    missing.add(n.group(1));
                }
            }
        }
        assertTrue(names > 50, "lists read from the catalog: " + names);
        assertTrue(missing.isEmpty(), "catalog lists without a kubeaudit.conf list: " + missing);
    }
}
