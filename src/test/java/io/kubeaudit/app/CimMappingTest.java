package io.kubeaudit.app;

import io.kubeaudit.conf.Conf;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kube:audit is CIM compliant for the data models it is tagged for: every field the props compute is
 * a field of one of those models (a typo or a field no model has fails), the fields each model needs
 * are there, and the tags point at event types that exist.
 */
class CimMappingTest {
    /** CIM Authentication data set fields (Splunk Common Information Model 5.x). */
    static final Set<String> AUTHENTICATION = Set.of("action", "app", "authentication_method",
            "authentication_service", "dest", "dest_bunit", "dest_category", "dest_nt_domain", "dest_priority",
            "duration", "reason", "response_time", "signature", "signature_id", "src", "src_bunit", "src_category",
            "src_nt_domain", "src_priority", "src_user", "src_user_bunit", "src_user_category", "src_user_id",
            "src_user_priority", "src_user_role", "src_user_type", "tag", "user", "user_bunit", "user_category",
            "user_id", "user_priority", "user_role", "user_type", "vendor_account");
    /** CIM Change data set fields (All_Changes and Account_Management). */
    static final Set<String> CHANGE = Set.of("action", "change_type", "command", "dest", "dest_bunit",
            "dest_category", "dest_priority", "dvc", "object", "object_attrs", "object_category", "object_id",
            "object_path", "result", "result_id", "src", "src_bunit", "src_category", "src_priority", "src_user",
            "src_user_bunit", "src_user_category", "src_user_priority", "status", "tag", "user", "user_bunit",
            "user_category", "user_priority", "vendor_product", "dest_nt_domain", "src_nt_domain",
            "src_user_name", "user_name");
    static final Map<String, Set<String>> REQUIRED = Map.of(
            "authentication", Set.of("action", "app", "dest", "src", "src_user", "user", "signature"),
            "change", Set.of("action", "change_type", "command", "dest", "object", "object_category", "object_path",
                    "result", "src", "status", "user", "vendor_product"));

    @Test
    void kubeAuditMapsOnlyToCimFieldsAndHasWhatTheModelsNeed() {
        Conf props = AppSource.conf("props.conf");
        Set<String> computed = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Conf.Entry> e : props.stanza("kube:audit").entrySet()) {
            String key = e.getKey();
            if (key.startsWith("EVAL-")) {
                computed.add(key.substring(5));
            } else if (key.startsWith("FIELDALIAS-")) {
                String[] words = e.getValue().value().split("\\s+");
                for (int i = 0; i + 2 < words.length + 1; i++) {
                    if (i + 2 < words.length && words[i + 1].equalsIgnoreCase("AS")) {
                        computed.add(words[i + 2]);
                    }
                }
            }
        }
        for (String f : computed) {
            if (!AUTHENTICATION.contains(f) && !CHANGE.contains(f)) {
                problems.add("props.conf [kube:audit] computes " + f + ", a field of neither Authentication nor Change");
            }
        }
        Set<String> tags = new TreeSet<>();
        Conf tagConf = AppSource.conf("tags.conf");
        Conf eventtypes = AppSource.conf("eventtypes.conf");
        for (String stanza : tagConf.stanzas()) {
            assertTrue(stanza.startsWith("eventtype="), stanza);
            String eventtype = stanza.substring("eventtype=".length());
            if (!eventtypes.stanzas().contains(eventtype)) {
                problems.add("tags.conf tags missing eventtype " + eventtype);
            }
            if (!eventtypes.get(eventtype, "search").contains("sourcetype=kube:audit")) {
                problems.add("eventtype " + eventtype + " is not restricted to sourcetype=kube:audit");
            }
            tagConf.stanza(stanza).forEach((tag, v) -> {
                if (v.value().equals("enabled")) {
                    tags.add(tag);
                }
            });
        }
        assertTrue(tags.containsAll(REQUIRED.keySet()), "tags " + tags);
        for (Map.Entry<String, Set<String>> model : REQUIRED.entrySet()) {
            for (String f : model.getValue()) {
                if (!computed.contains(f)) {
                    problems.add("the " + model.getKey() + " data model needs " + f + ", which props.conf does not set");
                }
            }
        }
        assertEquals("", String.join("\n", problems));
    }
}
