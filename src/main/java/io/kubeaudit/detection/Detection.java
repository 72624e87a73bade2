package io.kubeaudit.detection;

import java.util.List;

/**
 * What {@code kubeenrich} adds to one audit event: labels with their score, severity and ATT&CK
 * ids (decisive events only), and the companion fields that describe every event.
 *
 * @param labels      label ids, sorted, unique
 * @param riskScore   0-100 (§1.13)
 * @param severity    band of the risk score; NONE without labels
 * @param mitre       ATT&CK technique ids, sorted, unique
 * @param decisive    whether this is the event of its request that carries labels (§1.2)
 * @param observation what the baselines learn from and compare (§3)
 */
public record Detection(List<String> labels, int riskScore, Severity severity, List<String> mitre, boolean decisive,
                        String actor, String actorType, String impersonator, String outcome, String srcIp,
                        String uaFamily, String execCommand, String cluster, String rbacGrant,
                        Observation observation) {
}
