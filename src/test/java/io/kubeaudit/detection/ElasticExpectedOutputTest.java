package io.kubeaudit.detection;

import io.kubeaudit.audit.AuditEvent;
import io.kubeaudit.audit.AuditReader;
import io.kubeaudit.audit.ReadResult;
import io.kubeaudit.json.Json;
import io.kubeaudit.testing.Shared;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Elastic's pipeline test for an AKS record (test-kube-audit.log and its expected document): our
 * reader and companion fields agree with Elastic's output on every field both produce.
 */
class ElasticExpectedOutputTest {

    @Test
    void aksRecordMatchesElasticsExpectedDocument() throws Exception {
        Path dir = Shared.require("corpus/k8s-audit/elastic-integrations/kubernetes-audit_logs");
        byte[] input = Files.readAllBytes(dir.resolve("test-kube-audit.log"));
        Object expected = ((List<?>) Json.get(Json.parse(Files.readAllBytes(dir.resolve("test-kube-audit.log-expected.json"))),
                "expected")).get(0);
        ReadResult r = new AuditReader().read(input, 0, input.length);
        assertEquals(1, r.events().size());
        AuditEvent ev = r.events().get(0);
        Object audit = Json.path(expected, "kubernetes", "audit");

        assertEquals(Json.get(audit, "auditID"), ev.auditId());
        assertEquals(Json.get(audit, "stage"), ev.stage());
        assertEquals(Json.get(audit, "level"), ev.level());
        assertEquals(Json.get(audit, "verb"), ev.verb());
        assertEquals(Json.get(audit, "apiVersion"), ev.apiVersion());
        assertEquals(Json.get(audit, "requestURI"), ev.requestUri());
        assertEquals(Json.get(audit, "userAgent"), ev.userAgent());
        assertEquals(Json.get(audit, "sourceIPs"), ev.sourceIps());
        assertEquals(Json.get(audit, "requestReceivedTimestamp"), ev.requestReceivedTimestamp());
        assertEquals(Json.get(audit, "stageTimestamp"), ev.stageTimestamp());
        assertEquals(Json.path(audit, "user", "username"), ev.user().username());
        assertEquals(Json.path(audit, "user", "groups"), ev.user().groups());
        assertEquals(((Long) Json.path(audit, "responseStatus", "code")).intValue(), ev.code());
        Map<String, Object> ref = Json.asObject(Json.get(audit, "objectRef"));
        assertEquals(ref.get("resource"), ev.objectRef().resource());
        assertEquals(ref.get("namespace"), ev.objectRef().namespace());
        assertEquals(ref.get("name"), ev.objectRef().name());
        assertEquals(ref.get("apiGroup"), ev.objectRef().apiGroup());
        assertEquals(ref.get("apiVersion"), ev.objectRef().apiVersion());
        assertEquals(Json.path(audit, "annotations", "authorization_k8s_io/decision"), ev.annotation("authorization.k8s.io/decision"));
        // @timestamp is the event's own time at millisecond precision
        assertEquals(Json.get(expected, "@timestamp"), ev.stageTimestamp().substring(0, 23) + "Z");

        Detection d = new Detector(DetectionConfig.defaults()).detect(ev, null, null);
        assertEquals(Json.path(expected, "user", "name"), d.actor());
        assertEquals(((List<?>) Json.path(expected, "source", "ip")).get(0), d.srcIp());
        assertEquals(Json.path(expected, "event", "action"), ev.verb());
        assertEquals("success", Json.path(expected, "event", "outcome"));
        assertEquals("ok", d.outcome());
        String resourceId = (String) Json.path(audit, "aks_metadata", "resource_id");
        assertEquals(resourceId.substring(resourceId.lastIndexOf('/') + 1).toLowerCase(java.util.Locale.ROOT), d.cluster());
        assertEquals("system", d.actorType(), "aksService is a cloud control-plane actor");
    }
}
