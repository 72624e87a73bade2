package io.kubeaudit.detection;

import io.kubeaudit.json.Json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pod-specification evidence of a write (catalog §1.7): read from the request body where the
 * resource keeps its pod template, from a JSON Patch mapped onto the same paths, from the
 * last-applied-configuration annotation, or — without a body — from Pod Security violations.
 */
final class PodSpec {
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

    /** The pod spec object (may be partial for a patch), or null when only PSS evidence exists. */
    private final Map<String, Object> ps;
    private final List<Map<String, Object>> containers = new ArrayList<>();
    private final List<Map<String, Object>> volumes = new ArrayList<>();
    // Pod Security fallback (no body)
    private boolean pssPrivileged;
    private boolean pssHostNetwork;
    private boolean pssHostPid;
    private boolean pssHostIpc;
    private boolean pssHostPath;
    private boolean pssRoot;
    private final List<String> pssCaps = new ArrayList<>();
    private final DetectionConfig cfg;

    private PodSpec(Map<String, Object> ps, DetectionConfig cfg) {
        this.ps = ps;
        this.cfg = cfg;
        if (ps != null) {
            for (String k : new String[] {"containers", "initContainers", "ephemeralContainers"}) {
                addMaps(containers, ps.get(k));
            }
            addMaps(volumes, ps.get("volumes"));
        }
    }

    private static void addMaps(List<Map<String, Object>> into, Object list) {
        List<Object> l = Json.asList(list);
        if (l == null) {
            return;
        }
        for (Object o : l) {
            Map<String, Object> m = Json.asObject(o);
            if (m != null) {
                into.add(m);
            }
        }
    }

    /** Evidence for a SPEC_WRITE event; never null (empty evidence when nothing is known). */
    static PodSpec of(Facts f) {
        Object ro = f.ev.requestObject();
        if (ro != null) {
            Object doc = ro instanceof List ? JsonPatch.apply((List<?>) ro) : ro;
            Map<String, Object> spec = locate(doc, f.r, f.sr);
            if (spec == null && !(ro instanceof List) && !hasTemplate(doc, f.r)) {
                Object applied = lastApplied(doc);
                if (applied != null) {
                    spec = locate(applied, f.r, f.sr);
                }
            }
            return new PodSpec(spec, f.cfg);
        }
        PodSpec p = new PodSpec(null, f.cfg);
        String violations = f.ev.annotation("pod-security.kubernetes.io/audit-violations");
        if (violations != null) {
            p.readPodSecurity(violations);
        }
        if (f.denied() && f.msg != null && f.msg.contains("violates PodSecurity")) {
            p.readPodSecurity(f.msg);
        }
        return p;
    }

    /** Where each resource keeps its pod spec. */
    private static Map<String, Object> locate(Object doc, String r, String sr) {
        if (doc == null) {
            return null;
        }
        switch (r) {
            case "pods":
                if ("ephemeralcontainers".equals(sr) && Json.get(doc, "spec") == null) {
                    Object ec = Json.get(doc, "ephemeralContainers"); // EphemeralContainers body (< 1.23)
                    if (ec != null) {
                        Map<String, Object> synthetic = new LinkedHashMap<>();
                        synthetic.put("ephemeralContainers", ec);
                        return synthetic;
                    }
                }
                return Json.asObject(Json.get(doc, "spec"));
            case "cronjobs":
                return Json.asObject(Json.path(doc, "spec", "jobTemplate", "spec", "template", "spec"));
            case "podtemplates":
                return Json.asObject(Json.path(doc, "template", "spec"));
            default:
                return Json.asObject(Json.path(doc, "spec", "template", "spec"));
        }
    }

    private static boolean hasTemplate(Object doc, String r) {
        return "podtemplates".equals(r) ? Json.get(doc, "template") != null : Json.get(doc, "spec") != null;
    }

    private static Object lastApplied(Object doc) {
        Object a = Json.path(doc, "metadata", "annotations", "kubectl.kubernetes.io/last-applied-configuration");
        if (!(a instanceof String)) {
            return null;
        }
        try {
            return Json.parse((String) a);
        } catch (RuntimeException e) {
            return null; // an unparsable annotation is no evidence
        }
    }

    /** Check names of a "violates PodSecurity" text (the audit-violations annotation or a denial message). */
    private void readPodSecurity(String text) {
        if (text.contains("privileged (")) {
            pssPrivileged = true;
        }
        int hn = text.indexOf("host namespaces (");
        if (hn >= 0) {
            int end = text.indexOf(')', hn);
            String inside = end < 0 ? text.substring(hn) : text.substring(hn, end);
            pssHostNetwork |= inside.contains("hostNetwork=true");
            pssHostPid |= inside.contains("hostPID=true");
            pssHostIpc |= inside.contains("hostIPC=true");
        }
        if (text.contains("hostPath volumes (")) {
            pssHostPath = true;
        }
        if (text.contains("runAsUser=0")) {
            pssRoot = true;
        }
        int nd = text.indexOf("non-default capabilities (");
        while (nd >= 0) {
            int mni = text.indexOf("must not include", nd);
            if (mni < 0) {
                break;
            }
            int end = text.indexOf(" in securityContext", mni);
            if (end < 0) {
                end = text.indexOf(')', mni);
            }
            Matcher m = QUOTED.matcher(end < 0 ? text.substring(mni) : text.substring(mni, end));
            while (m.find()) {
                pssCaps.add(capability(m.group(1)));
            }
            nd = text.indexOf("non-default capabilities (", mni);
        }
    }

    // ------------------------------------------------------------------ predicates (§1.7)

    /** Container images of the spec. */
    List<String> images() {
        List<String> out = new ArrayList<>();
        for (Map<String, Object> c : containers) {
            Object img = c.get("image");
            if (img instanceof String && !((String) img).isBlank()) {
                out.add((String) img);
            }
        }
        return out;
    }

    boolean hasBody() {
        return ps != null;
    }

    String serviceAccountName() {
        if (ps == null) {
            return null;
        }
        String s = Json.asString(ps.get("serviceAccountName"));
        return s != null ? s : Json.asString(ps.get("serviceAccount"));
    }

    boolean privileged() {
        for (Map<String, Object> c : containers) {
            if (Json.isTrue(Json.path(c, "securityContext", "privileged"))) {
                return true;
            }
        }
        return pssPrivileged;
    }

    boolean runAsRoot() {
        Object podUser = Json.path(ps, "securityContext", "runAsUser");
        Object podNonRoot = Json.path(ps, "securityContext", "runAsNonRoot");
        if (containers.isEmpty()) {
            return isZero(podUser) || Boolean.FALSE.equals(podNonRoot) || pssRoot;
        }
        for (Map<String, Object> c : containers) {
            Object ru = Json.path(c, "securityContext", "runAsUser");
            Object rnr = Json.path(c, "securityContext", "runAsNonRoot");
            if (isZero(ru != null ? ru : podUser) || Boolean.FALSE.equals(rnr != null ? rnr : podNonRoot)) {
                return true;
            }
        }
        return pssRoot;
    }

    private static boolean isZero(Object o) {
        Long l = Json.asLong(o);
        return l != null && l == 0;
    }

    List<String> addedCapabilities() {
        List<String> out = new ArrayList<>(pssCaps);
        for (Map<String, Object> c : containers) {
            List<Object> add = Json.asList(Json.path(c, "securityContext", "capabilities", "add"));
            if (add != null) {
                for (Object o : add) {
                    if (o instanceof String) {
                        out.add(capability((String) o));
                    }
                }
            }
        }
        return out;
    }

    boolean capabilitiesAdded() {
        return !addedCapabilities().isEmpty();
    }

    boolean dangerousCapabilities() {
        for (String c : addedCapabilities()) {
            if (cfg.dangerousCapabilities.contains(c)) {
                return true;
            }
        }
        return false;
    }

    /** Upper case without a CAP_ prefix, as capability lists are compared. */
    static String capability(String c) {
        String u = c.trim().toUpperCase(Locale.ROOT);
        return u.startsWith("CAP_") ? u.substring(4) : u;
    }

    boolean hostNetwork() {
        return Json.isTrue(Json.get(ps, "hostNetwork")) || pssHostNetwork;
    }

    boolean hostPid() {
        return Json.isTrue(Json.get(ps, "hostPID")) || pssHostPid;
    }

    boolean hostIpc() {
        return Json.isTrue(Json.get(ps, "hostIPC")) || pssHostIpc;
    }

    /** Normalised hostPath paths with their volume names. */
    private List<String[]> hostPaths() {
        List<String[]> out = new ArrayList<>();
        for (Map<String, Object> v : volumes) {
            Object hp = v.get("hostPath");
            if (hp == null) {
                continue;
            }
            String p = Json.asString(Json.get(hp, "path"));
            out.add(new String[] {p == null ? null : normalisePath(p), Json.asString(v.get("name"))});
        }
        return out;
    }

    boolean hostPath() {
        return !hostPaths().isEmpty() || pssHostPath;
    }

    boolean hostPathSensitive() {
        for (String[] hp : hostPaths()) {
            String p = hp[0];
            if (p == null) {
                continue;
            }
            if (!(cfg.hostpathSensitiveExact.contains(p) || underAny(p, cfg.hostpathSensitivePrefix))) {
                continue;
            }
            if (cfg.hostpathBenignReadonly.contains(p) && allMountsReadOnly(hp[1])) {
                continue;
            }
            return true;
        }
        return false;
    }

    boolean hostPathRoot() {
        for (String[] hp : hostPaths()) {
            if ("/".equals(hp[0])) {
                return true;
            }
        }
        return false;
    }

    boolean runtimeSocket() {
        for (String[] hp : hostPaths()) {
            if (hp[0] != null && cfg.runtimeSocketPaths.contains(hp[0])) {
                return true;
            }
        }
        return false;
    }

    /** A writable mount of a static-pod manifest directory or of one of its ancestors. */
    boolean staticPodDir() {
        for (String[] hp : hostPaths()) {
            String p = hp[0];
            if (p == null) {
                continue;
            }
            boolean covers = false;
            for (String dir : cfg.staticPodManifestDirs) {
                if (dir.equals(p) || p.equals("/") || dir.startsWith(p + "/")) {
                    covers = true;
                    break;
                }
            }
            if (covers && anyMountWritable(hp[1])) {
                return true;
            }
        }
        return false;
    }

    private static boolean underAny(String p, List<String> prefixes) {
        for (String pre : prefixes) {
            if (p.equals(pre) || (pre.equals("/") ? p.startsWith("/") : p.startsWith(pre + "/"))) {
                return true;
            }
        }
        return false;
    }

    private List<Map<String, Object>> mountsOf(String volume) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (volume == null) {
            return out;
        }
        for (Map<String, Object> c : containers) {
            List<Object> mounts = Json.asList(c.get("volumeMounts"));
            if (mounts == null) {
                continue;
            }
            for (Object m : mounts) {
                if (volume.equals(Json.asString(Json.get(m, "name")))) {
                    out.add(Json.asObject(m));
                }
            }
        }
        return out;
    }

    private boolean allMountsReadOnly(String volume) {
        for (Map<String, Object> m : mountsOf(volume)) {
            if (!Json.isTrue(m.get("readOnly"))) {
                return false;
            }
        }
        return true;
    }

    private boolean anyMountWritable(String volume) {
        for (Map<String, Object> m : mountsOf(volume)) {
            if (!Json.isTrue(m.get("readOnly"))) {
                return true;
            }
        }
        return false;
    }

    /** "//" collapsed, "." and ".." resolved, trailing "/" removed except for the root. */
    static String normalisePath(String p) {
        String s = p.trim();
        if (s.isEmpty()) {
            return s;
        }
        boolean absolute = s.startsWith("/");
        List<String> parts = new ArrayList<>();
        for (String seg : s.split("/")) {
            if (seg.isEmpty() || seg.equals(".")) {
                continue;
            }
            if (seg.equals("..")) {
                if (!parts.isEmpty()) {
                    parts.remove(parts.size() - 1);
                }
                continue;
            }
            parts.add(seg);
        }
        String joined = String.join("/", parts);
        return absolute ? "/" + joined : joined;
    }

    /** Whether every container image is on the list (the exemption rule of image allowlists). */
    boolean allImagesIn(Images list) {
        List<String> imgs = images();
        if (imgs.isEmpty() || list == null || list.isEmpty()) {
            return false;
        }
        for (String i : imgs) {
            if (!list.matchesImage(i)) {
                return false;
            }
        }
        return true;
    }
}
