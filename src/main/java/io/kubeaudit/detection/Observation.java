package io.kubeaudit.detection;

import java.util.List;

/**
 * What the baselines need to know about one audit event, in the catalog's notation (§1): the
 * account, where the request came from, what it did and how it ended. Built by the
 * {@link Detector} from the same facts the labels use, so labels and baselines never disagree.
 *
 * @param timeMs       requestReceivedTimestamp (else stageTimestamp) in epoch ms, or Long.MIN_VALUE
 * @param decisive     whether this is the event of its request that counts (§1.2)
 * @param actor        ACT, the effective account
 * @param caller       U when impersonating, else null
 * @param impTarget    IU when impersonating, else null
 * @param discoveryRead R ∈ discovery_resources, verb ∈ {get, list}, ¬INFRA, ¬LO
 * @param secretRead   R=secrets, verb ∈ READ, OK, not a helm release secret, ¬INFRA_SCOPE
 * @param boundPod     for a service account's token bound to a pod, that pod's name
 *                     (user.extra authentication.kubernetes.io/pod-name), else null
 * @param tokenRead    the event carries exec_sa_token_access or exec_credential_file_access
 */
public record Observation(long timeMs, boolean decisive, String auditId, String stage, String cluster, String actor,
                          ActorClass actorClass, String caller, String impTarget, List<String> groups,
                          String userAgent, String uaFamily, boolean httpTool, String ip,
                          String verb, String resource, String subresource, String namespace, String name,
                          String path, String decision, int code, Outcome outcome, String rbacGrant,
                          boolean discoveryRead, boolean secretRead, String boundPod, boolean tokenRead,
                          GeoIp geo) {

    /** The /24 or /64 network of IP, null when IP is not an address; computed only when a baseline asks. */
    public String srcNet() {
        IpAddress a = IpAddress.parse(ip);
        return a == null ? null : a.network();
    }

    /** The GeoIP country of IP, null without a database or for addresses it does not place. */
    public String country() {
        return geo == null ? null : geo.country(ip);
    }
}
