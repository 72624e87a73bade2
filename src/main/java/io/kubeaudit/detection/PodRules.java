package io.kubeaudit.detection;

import io.kubeaudit.json.Json;

import java.util.List;
import java.util.function.Predicate;

/** §2.3 {@code pod_}: pod specification risk, placement and provenance. */
final class PodRules {
    private PodRules() {
    }

    /**
     * The common frame of the spec labels: SPEC_WRITE, OK, not the control plane managing itself,
     * and not exempted by the label's image allowlist (every image on it).
     */
    private static boolean specLabel(Facts f, Label label, Predicate<PodSpec> p) {
        if (!f.specWrite() || !f.ok() || f.infraScope()) {
            return false;
        }
        PodSpec s = f.spec();
        if (!p.test(s)) {
            return false;
        }
        Images allow = f.cfg.setting(label).imageAllowlist();
        return allow == null || !s.allImagesIn(allow);
    }

    static boolean privilegedContainer(Facts f) {
        return specLabel(f, Label.POD_PRIVILEGED_CONTAINER, PodSpec::privileged);
    }

    static boolean runAsRoot(Facts f) {
        return specLabel(f, Label.POD_RUN_AS_ROOT, PodSpec::runAsRoot);
    }

    static boolean capabilitiesAdded(Facts f) {
        return specLabel(f, Label.POD_CAPABILITIES_ADDED, PodSpec::capabilitiesAdded);
    }

    static boolean dangerousCapabilities(Facts f) {
        return specLabel(f, Label.POD_DANGEROUS_CAPABILITIES, PodSpec::dangerousCapabilities);
    }

    static boolean hostpathVolume(Facts f) {
        return specLabel(f, Label.POD_HOSTPATH_VOLUME, PodSpec::hostPath);
    }

    static boolean hostpathSensitive(Facts f) {
        return specLabel(f, Label.POD_HOSTPATH_SENSITIVE, PodSpec::hostPathSensitive);
    }

    static boolean hostpathNodeRoot(Facts f) {
        return specLabel(f, Label.POD_HOSTPATH_NODE_ROOT, PodSpec::hostPathRoot);
    }

    static boolean containerRuntimeSocket(Facts f) {
        return specLabel(f, Label.POD_CONTAINER_RUNTIME_SOCKET, PodSpec::runtimeSocket);
    }

    static boolean hostpathStaticPodDir(Facts f) {
        return specLabel(f, Label.POD_HOSTPATH_STATIC_POD_DIR, PodSpec::staticPodDir);
    }

    static boolean hostNetwork(Facts f) {
        return specLabel(f, Label.POD_HOST_NETWORK, PodSpec::hostNetwork);
    }

    static boolean hostPid(Facts f) {
        return specLabel(f, Label.POD_HOST_PID, PodSpec::hostPid);
    }

    static boolean hostIpc(Facts f) {
        return specLabel(f, Label.POD_HOST_IPC, PodSpec::hostIpc);
    }

    static boolean specRiskDenied(Facts f) {
        if (!f.specWrite() || !f.denied() || f.infraScope()) {
            return false;
        }
        PodSpec s = f.spec();
        if (s.privileged() || s.dangerousCapabilities() || s.hostPath() || s.hostNetwork() || s.hostPid() || s.hostIpc()) {
            return true;
        }
        // Pod Security named one of the risky checks when it denied the write (any level, with or without a body)
        String m = f.msg;
        return m != null && m.contains("violates PodSecurity") && (m.contains("privileged (") || m.contains("host namespaces (")
                || m.contains("hostPath volumes (") || m.contains("non-default capabilities ("));
    }

    static boolean pssViolation(Facts f) {
        return f.ev.annotation("pod-security.kubernetes.io/audit-violations") != null;
    }

    private static boolean podCreate(Facts f) {
        return "pods".equals(f.r) && f.noSubresource() && f.verbIs("create");
    }

    private static boolean controllerOrOperator(Facts f) {
        return f.actIn(f.cfg.workloadControllerActors) || f.actIn(f.cfg.operatorActors);
    }

    static boolean systemNamespace(Facts f) {
        if (!podCreate(f) || !f.ok() || !f.in(f.cfg.systemNamespaces, f.ns)) {
            return false;
        }
        Object ro = f.ev.requestObject();
        if (ro == null) {
            return !f.actIn(f.cfg.workloadControllerActors);
        }
        return someImageNotIn(imagesOf(f), f.cfg.trustedSystemImages);
    }

    /** Images of a pod create's body (via the spec evidence when it is a SPEC_WRITE). */
    private static List<String> imagesOf(Facts f) {
        PodSpec s = f.spec();
        return s == null ? List.of() : s.images();
    }

    private static boolean someImageNotIn(List<String> images, Images list) {
        for (String i : images) {
            if (!list.matchesImage(i)) {
                return true;
            }
        }
        return false;
    }

    static boolean createdDirectly(Facts f) {
        if (!podCreate(f) || !f.ok() || controllerOrOperator(f)) {
            return false;
        }
        Object ro = f.ev.requestObject();
        List<Object> owners = Json.asList(Json.path(ro, "metadata", "ownerReferences"));
        if (owners != null) {
            for (Object o : owners) {
                if (Json.isTrue(Json.get(o, "controller"))) {
                    return false;
                }
            }
        }
        return !(f.cls == ActorClass.NODE
                && Json.path(ro, "metadata", "annotations", "kubernetes.io/config.mirror") != null);
    }

    static boolean defaultNamespace(Facts f) {
        return "default".equals(f.ns) && createdDirectly(f);
    }

    private static boolean podOrWorkloadCreate(Facts f) {
        return ((("pods".equals(f.r) && f.noSubresource()) || f.workloadKind()) && f.verbIs("create"));
    }

    static boolean createdByServiceAccount(Facts f) {
        return podOrWorkloadCreate(f) && f.attempt() && f.cls == ActorClass.SERVICE_ACCOUNT && !controllerOrOperator(f);
    }

    static boolean createdFromPod(Facts f) {
        return podOrWorkloadCreate(f) && f.attempt() && f.inPod() && !controllerOrOperator(f);
    }

    static boolean controllerSaAssigned(Facts f) {
        if (!podCreate(f) || !f.ok() || !"kube-system".equals(f.ns) || f.actIn(f.cfg.workloadControllerActors)) {
            return false;
        }
        PodSpec s = f.spec();
        if (s == null || !s.hasBody()) {
            return false;
        }
        String sa = s.serviceAccountName();
        if (sa == null || !(sa.endsWith("controller") || f.cfg.knownControllerSaNames.contains(sa))) {
            return false;
        }
        return someImageNotIn(s.images(), f.cfg.trustedSystemImages);
    }

    static boolean imageNotAllowlisted(Facts f) {
        if (f.cfg.allowedImagePrefixes.isEmpty() || !f.specWrite() || !f.attempt()) {
            return false;
        }
        return someImageNotIn(f.spec().images(), f.cfg.allowedImagePrefixes);
    }

    static boolean debugOrBaseImage(Facts f) {
        if (!f.specWrite() || !f.ok()) {
            return false;
        }
        for (String i : f.spec().images()) {
            if (f.cfg.debugBaseImages.contains(Images.lastSegment(Images.repo(i)))) {
                return true;
            }
        }
        return false;
    }

    static boolean imagePullNotAllowlisted(Facts f) {
        if (f.cfg.allowedImagePrefixes.isEmpty()) {
            return false;
        }
        String image = pulledImage(f);
        if (image == null) {
            return false;
        }
        return !f.cfg.allowedImagePrefixes.matchesImage(image) && !f.cfg.trustedSystemImages.matchesImage(image);
    }

    /** The image of an audited kubelet event "Pulling image "x"" (events create at Request level), or null. */
    static String pulledImage(Facts f) {
        if (!"events".equals(f.r) || !f.verbIs("create")) {
            return null;
        }
        String m = Json.asString(Json.get(f.ev.requestObject(), "message"));
        String prefix = "Pulling image \"";
        if (m == null || !m.startsWith(prefix)) {
            return null;
        }
        int end = m.indexOf('"', prefix.length());
        return end < 0 ? null : m.substring(prefix.length(), end);
    }
}
