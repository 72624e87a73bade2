package io.kubeaudit.detection;

import io.kubeaudit.lookup.MaxMindDb;

import io.kubeaudit.conf.Conf;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The tunables of the label catalog, read from kubeaudit.conf (default/ then local/ of the app)
 * and the app's lookups. Every list of catalog §1.11 is here under its catalog name; problems in
 * the files become {@link #warnings()} and the shipped value is kept.
 */
public final class DetectionConfig {
    /** The shipped defaults inside the jar, used when the app folder has no default/kubeaudit.conf. */
    static final String BUNDLED_DEFAULTS = "/io/kubeaudit/defaults/kubeaudit.conf";

    /** How a list's entries are matched. */
    enum Kind { GLOB, GLOB_CI, EXACT, EXACT_LOWER, CIDR, IMAGES, SUBSTRING_CI, MARKERS, PATHS, UA_PREFIX }

    /** Every list the catalog defines, with how it matches. */
    static final Map<String, Kind> LISTS = new LinkedHashMap<>();

    static {
        for (String n : List.of("system_namespaces", "cloud_control_plane_actors", "infra_actor_extra",
                "workload_controller_actors", "operator_actors", "allowed_users", "default_admin_users",
                "allowed_namespaces", "allowed_nodes", "privileged_impersonation_users",
                "privileged_impersonation_groups", "impersonation_proxy_actors", "secret_reader_allowlist",
                "sensitive_secret_namespaces", "dns_actors", "policy_engine_actors", "token_requester_allowlist",
                "csr_bootstrap_actors", "sa_forbidden_allowlist", "sa_tool_client_allowlist", "exec_sa_allowlist",
                "system_role_modify_exempt", "rbac_writer_sa_exempt", "managed_public_principals")) {
            LISTS.put(n, Kind.GLOB);
        }
        LISTS.put("download_exempt_hosts", Kind.GLOB_CI);
        LISTS.put("benign_scanner_user_agents", Kind.GLOB_CI);
        for (String n : List.of("privileged_roles", "known_controller_sa_names", "sensitive_configmaps",
                "dns_configmaps", "activity_kinds", "discovery_resources", "benign_kubelet_proxy_paths")) {
            LISTS.put(n, Kind.EXACT);
        }
        for (String n : List.of("http_tool_families", "shell_binaries", "tool_binaries", "debug_base_images",
                "dangerous_capabilities")) {
            LISTS.put(n, Kind.EXACT_LOWER);
        }
        LISTS.put("pod_cidrs", Kind.CIDR);
        for (String n : List.of("node_agent_images", "trusted_system_images", "allowed_image_prefixes")) {
            LISTS.put(n, Kind.IMAGES);
        }
        for (String n : List.of("scanner_user_agent_tokens", "http_tool_ua_substrings", "offensive_tool_images",
                "reverse_shell_markers", "imds_markers", "sa_token_path_markers")) {
            LISTS.put(n, Kind.SUBSTRING_CI);
        }
        LISTS.put("credential_path_markers", Kind.MARKERS);
        for (String n : List.of("hostpath_sensitive_exact", "hostpath_sensitive_prefix", "hostpath_benign_readonly",
                "runtime_socket_paths", "static_pod_manifest_dirs")) {
            LISTS.put(n, Kind.PATHS);
        }
        LISTS.put("probe_user_agents", Kind.UA_PREFIX);
        LISTS.put("probe_user_agents_private_source", Kind.UA_PREFIX);
    }

    private static final Set<String> SETTINGS = Set.of("emit_activity_labels", "token_long_lived_seconds",
            "decisive_stage_cache_size", "decisive_stage_cache_seconds", "threat_ip_lookup",
            "cloud_provider_ranges_lookup", "geoip_db", "kubeenrich_threads", "native_fields");
    private static final Set<String> LABEL_KEYS = Set.of("disabled", "severity", "risk", "image_allowlist");
    private static final Set<String> EXEC_ALLOW_KEYS = Set.of("namespace", "pod", "container", "command", "actor");

    /** Stanzas the baseline settings read (io.kubeaudit.baseline.BaselineSettings). */
    private static final java.util.regex.Pattern BASELINE_STANZA =
            java.util.regex.Pattern.compile("baseline|dimension:.+|deviation:.+");

    private final Conf conf;
    private final Path lookupDir;
    private final Map<String, List<String>> raw = new LinkedHashMap<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<String> notices = new ArrayList<>();

    /**
     * The lookups users fill, by setting, under the names default/kubeaudit.conf gives them. The app
     * does not ship them: an app upgrade replaces every file it ships, and would empty them again.
     */
    static final Map<String, String> DEFAULT_LOOKUP_FILES = Map.of(
            "threat_ip_lookup", "kube_audit_threat_ips.csv",
            "cloud_provider_ranges_lookup", "kube_audit_cloud_provider_ranges.csv");
    /** What a search says while such a lookup is missing or empty (%s: its file). */
    private static final Map<String, String> UNFILLED_LOOKUP_NOTICES = Map.of(
            "threat_ip_lookup", "no threat addresses in %s (column ip), so auth_source_ip_threat_list is off;"
                    + " add Tor exits or an IOC feed as that lookup to turn it on (the app's README.md, Lookups)",
            "cloud_provider_ranges_lookup", "no cloud provider ranges in %s, so nodes and managed add-ons calling"
                    + " from public cloud addresses get auth_system_principal_public_ip; build that lookup with the"
                    + " jar's ranges command from the ranges AWS, Azure and Google publish (the app's README.md, Lookups)");
    private final EnumMap<Label, LabelSetting> labels = new EnumMap<>(Label.class);

    // identities and scope
    final GlobSet systemNamespaces;
    final GlobSet cloudControlPlaneActors;
    final GlobSet infraActorExtra;
    final GlobSet workloadControllerActors;
    final GlobSet operatorActors;
    final GlobSet allowedUsers;
    final GlobSet defaultAdminUsers;
    final GlobSet allowedNamespaces;
    final GlobSet allowedNodes;
    final GlobSet privilegedImpersonationUsers;
    final GlobSet privilegedImpersonationGroups;
    final GlobSet impersonationProxyActors;
    final GlobSet secretReaderAllowlist;
    final GlobSet sensitiveSecretNamespaces;
    final GlobSet dnsActors;
    final GlobSet policyEngineActors;
    final GlobSet tokenRequesterAllowlist;
    final GlobSet csrBootstrapActors;
    final GlobSet saForbiddenAllowlist;
    final GlobSet saToolClientAllowlist;
    final GlobSet execSaAllowlist;
    final GlobSet systemRoleModifyExempt;
    final GlobSet rbacWriterSaExempt;
    final List<String[]> managedPublicPrincipals = new ArrayList<>(); // {actor glob, arn substring or null}
    final Set<String> privilegedRoles;
    final Set<String> knownControllerSaNames;
    final Set<String> sensitiveConfigmaps;
    final Set<String> dnsConfigmaps;
    final Set<String> activityKinds;
    final Set<String> discoveryResources;
    final List<String> benignKubeletProxyPaths;
    final CidrSet podCidrs;
    final CidrSet threatIps;
    /** The GeoIP database for the country baseline (dev_new_country), or null. */
    final MaxMindDb geoDb;
    final CidrSet cloudProviderRanges;
    // user agents
    final List<String> probeUserAgents;
    final List<String> probeUserAgentsPrivateSource;
    final GlobSet benignScannerUserAgents;
    final List<String> scannerUserAgentTokens;
    final Set<String> httpToolFamilies;
    final List<String> httpToolUaSubstrings;
    // exec
    final Set<String> shellBinaries;
    final Set<String> toolBinaries;
    final List<String> reverseShellMarkers;
    final GlobSet downloadExemptHosts;
    final List<String> imdsMarkers;
    final Markers credentialPathMarkers;
    final List<String> saTokenPathMarkers;
    final List<ExecAllowRule> execAllowlist = new ArrayList<>();
    // pod specs
    final Set<String> dangerousCapabilities;
    final List<String> hostpathSensitiveExact;
    final List<String> hostpathSensitivePrefix;
    final List<String> hostpathBenignReadonly;
    final List<String> runtimeSocketPaths;
    final List<String> staticPodManifestDirs;
    final Images nodeAgentImages;
    final Images trustedSystemImages;
    final Images allowedImagePrefixes;
    final Set<String> debugBaseImages;
    final List<String> offensiveToolImages;
    // settings
    final boolean emitActivityLabels;
    final long tokenLongLivedSeconds;
    final int decisiveStageCacheSize;
    final long decisiveStageCacheSeconds;
    /** Threads kubeenrich labels a chunk's rows with (the first is the search's own). */
    public final int enrichThreads;
    /** kubeenrich also writes the audit event's own fields (verb, objectRef.*, ...), for wrapped shapes. */
    public final boolean nativeFields;

    private final Map<String, Images> imageListsByName = new LinkedHashMap<>();
    private int globLists;

    /** An exec_allowlist row: all five globs must match. */
    record ExecAllowRule(String name, String namespace, String pod, String container, String command, String actor) {
    }

    /** Per-label effective settings. */
    record LabelSetting(boolean enabled, Severity severity, int risk, Images imageAllowlist) {
    }

    private DetectionConfig(Conf conf, Path lookupDir) {
        this.conf = conf;
        this.lookupDir = lookupDir;
        warnings.addAll(conf.problems());
        readLists(conf);
        systemNamespaces = glob("system_namespaces");
        cloudControlPlaneActors = glob("cloud_control_plane_actors");
        infraActorExtra = glob("infra_actor_extra");
        workloadControllerActors = glob("workload_controller_actors");
        operatorActors = glob("operator_actors");
        allowedUsers = glob("allowed_users");
        defaultAdminUsers = glob("default_admin_users");
        allowedNamespaces = glob("allowed_namespaces");
        allowedNodes = glob("allowed_nodes");
        privilegedImpersonationUsers = glob("privileged_impersonation_users");
        privilegedImpersonationGroups = glob("privileged_impersonation_groups");
        impersonationProxyActors = glob("impersonation_proxy_actors");
        secretReaderAllowlist = glob("secret_reader_allowlist");
        sensitiveSecretNamespaces = glob("sensitive_secret_namespaces");
        dnsActors = glob("dns_actors");
        policyEngineActors = glob("policy_engine_actors");
        tokenRequesterAllowlist = glob("token_requester_allowlist");
        csrBootstrapActors = glob("csr_bootstrap_actors");
        saForbiddenAllowlist = glob("sa_forbidden_allowlist");
        saToolClientAllowlist = glob("sa_tool_client_allowlist");
        execSaAllowlist = glob("exec_sa_allowlist");
        systemRoleModifyExempt = glob("system_role_modify_exempt");
        rbacWriterSaExempt = glob("rbac_writer_sa_exempt");
        for (String e : list("managed_public_principals")) {
            int bar = e.indexOf('|');
            managedPublicPrincipals.add(bar < 0 ? new String[] {e, null}
                    : new String[] {e.substring(0, bar).trim(), e.substring(bar + 1).trim()});
        }
        privilegedRoles = exact("privileged_roles", false);
        knownControllerSaNames = exact("known_controller_sa_names", false);
        sensitiveConfigmaps = exact("sensitive_configmaps", false);
        dnsConfigmaps = exact("dns_configmaps", false);
        activityKinds = exact("activity_kinds", false);
        discoveryResources = exact("discovery_resources", false);
        benignKubeletProxyPaths = list("benign_kubelet_proxy_paths");
        podCidrs = cidrs("pod_cidrs", list("pod_cidrs"));
        probeUserAgents = lower("probe_user_agents");
        probeUserAgentsPrivateSource = lower("probe_user_agents_private_source");
        benignScannerUserAgents = globIgnoringCase("benign_scanner_user_agents");
        scannerUserAgentTokens = lower("scanner_user_agent_tokens");
        httpToolFamilies = exact("http_tool_families", true);
        httpToolUaSubstrings = lower("http_tool_ua_substrings");
        shellBinaries = exact("shell_binaries", true);
        toolBinaries = exact("tool_binaries", true);
        reverseShellMarkers = lower("reverse_shell_markers");
        downloadExemptHosts = globIgnoringCase("download_exempt_hosts");
        imdsMarkers = lower("imds_markers");
        credentialPathMarkers = new Markers(list("credential_path_markers"));
        saTokenPathMarkers = lower("sa_token_path_markers");
        Set<String> caps = new HashSet<>();
        for (String c : list("dangerous_capabilities")) {
            caps.add(PodSpec.capability(c));
        }
        dangerousCapabilities = Collections.unmodifiableSet(caps);
        hostpathSensitiveExact = paths("hostpath_sensitive_exact");
        runtimeSocketPaths = paths("runtime_socket_paths");
        List<String> prefixes = new ArrayList<>(paths("hostpath_sensitive_prefix"));
        prefixes.addAll(runtimeSocketPaths);
        hostpathSensitivePrefix = Collections.unmodifiableList(prefixes);
        hostpathBenignReadonly = paths("hostpath_benign_readonly");
        staticPodManifestDirs = paths("static_pod_manifest_dirs");
        nodeAgentImages = images("node_agent_images", list("node_agent_images"));
        List<String> trusted = new ArrayList<>(list("trusted_system_images"));
        trusted.addAll(list("node_agent_images"));
        trustedSystemImages = images("trusted_system_images", trusted);
        allowedImagePrefixes = images("allowed_image_prefixes", list("allowed_image_prefixes"));
        debugBaseImages = exact("debug_base_images", true);
        offensiveToolImages = lower("offensive_tool_images");

        Map<String, Conf.Entry> s = conf.stanza("settings");
        for (String k : s.keySet()) {
            if (!SETTINGS.contains(k)) {
                warnings.add(s.get(k).where() + ": unknown setting '" + k + "' in [settings]; known: "
                        + String.join(", ", new java.util.TreeSet<>(SETTINGS)));
            }
        }
        emitActivityLabels = bool(s, "emit_activity_labels", true);
        tokenLongLivedSeconds = number(s, "token_long_lived_seconds", 86_400, 1, Long.MAX_VALUE);
        decisiveStageCacheSize = (int) number(s, "decisive_stage_cache_size", 200_000, 0, 50_000_000);
        decisiveStageCacheSeconds = number(s, "decisive_stage_cache_seconds", 7_200, 0, 31L * 86_400);
        threatIps = lookup(lookupDir, s, "threat_ip_lookup");
        cloudProviderRanges = lookup(lookupDir, s, "cloud_provider_ranges_lookup");
        geoDb = geoDb(s.get("geoip_db"), lookupDir, System.getenv("SPLUNK_HOME"));
        enrichThreads = threads(s.get("kubeenrich_threads"));
        nativeFields = bool(s, "native_fields", false);

        readExecAllowlist(conf);
        readLabels(conf);
        for (String st : conf.stanzas()) {
            if (!st.startsWith("list:") && !st.startsWith("label:") && !st.startsWith("exec_allow:")
                    && !st.equals("settings") && !st.equals("default") && !BASELINE_STANZA.matcher(st).matches()) {
                warnings.add("kubeaudit.conf: unknown stanza [" + st + "] ignored (stanzas are [settings], [list:<name>],"
                        + " [label:<id>], [exec_allow:<name>], [baseline], [dimension:<id>] and [deviation:<id>])");
            }
        }
    }

    // ------------------------------------------------------------------ loading

    /**
     * Loads {@code <appDir>/default/kubeaudit.conf} and {@code <appDir>/local/kubeaudit.conf}, and the
     * lookups in {@code <appDir>/lookups}. Without a default/ file the defaults built into the jar are
     * used (and a warning says so).
     */
    public static DetectionConfig load(Path appDir) throws IOException {
        Path def = appDir.resolve("default").resolve("kubeaudit.conf");
        Path local = appDir.resolve("local").resolve("kubeaudit.conf");
        Conf conf;
        List<String> extra = new ArrayList<>();
        if (Files.isRegularFile(def)) {
            conf = Conf.load(List.of(def, local));
        } else {
            conf = bundledConf();
            extra.add("kubeaudit.conf not found in " + appDir.resolve("default") + "; using the defaults built into the jar");
            if (Files.isRegularFile(local)) {
                conf.merge(Files.readString(local, StandardCharsets.UTF_8), local.toString());
            }
        }
        DetectionConfig c = new DetectionConfig(conf, appDir.resolve("lookups"));
        c.warnings.addAll(0, extra);
        return c;
    }

    /** The shipped defaults only (tests, and the CLI without an app folder). */
    public static DetectionConfig defaults() {
        try {
            return new DetectionConfig(bundledConf(), null);
        } catch (IOException e) {
            throw new IllegalStateException("the jar lacks its bundled kubeaudit.conf", e);
        }
    }

    /** Shipped defaults with overrides layered on top, in kubeaudit.conf syntax (tests, CLI --set). */
    public static DetectionConfig withOverrides(String localConf) {
        try {
            Conf c = bundledConf();
            c.merge(localConf, "overrides");
            return new DetectionConfig(c, null);
        } catch (IOException e) {
            throw new IllegalStateException("the jar lacks its bundled kubeaudit.conf", e);
        }
    }

    static DetectionConfig fromConf(Conf conf, Path lookupDir) {
        return new DetectionConfig(conf, lookupDir);
    }

    private static Conf bundledConf() throws IOException {
        try (InputStream in = DetectionConfig.class.getResourceAsStream(BUNDLED_DEFAULTS)) {
            if (in == null) {
                throw new IOException("resource " + BUNDLED_DEFAULTS + " missing");
            }
            return Conf.parse(in, "kubeaudit.conf (built in)");
        }
    }

    private void readLists(Conf conf) {
        for (String name : LISTS.keySet()) {
            Map<String, Conf.Entry> st = conf.stanza("list:" + name);
            List<String> values = new ArrayList<>(split(st.get("values")));
            values.addAll(split(st.get("add")));
            raw.put(name, Collections.unmodifiableList(values));
        }
        for (String st : conf.stanzas()) {
            if (!st.startsWith("list:")) {
                continue;
            }
            String name = st.substring("list:".length());
            Map<String, Conf.Entry> keys = conf.stanza(st);
            for (Map.Entry<String, Conf.Entry> e : keys.entrySet()) {
                if (!e.getKey().equals("values") && !e.getKey().equals("add")) {
                    warnings.add(e.getValue().where() + ": unknown key '" + e.getKey() + "' in [" + st
                            + "]; a list takes 'values' (replace) and 'add' (extend)");
                }
            }
            if (!LISTS.containsKey(name)) {
                // a user-defined list, usable as a label's image_allowlist
                List<String> values = new ArrayList<>(split(keys.get("values")));
                values.addAll(split(keys.get("add")));
                raw.put(name, Collections.unmodifiableList(values));
            }
        }
    }

    private static List<String> split(Conf.Entry e) {
        List<String> out = new ArrayList<>();
        if (e == null) {
            return out;
        }
        for (String part : e.value().split(",")) {
            String t = part.strip();
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    private void readExecAllowlist(Conf conf) {
        for (String st : conf.stanzas()) {
            if (!st.startsWith("exec_allow:")) {
                continue;
            }
            Map<String, Conf.Entry> k = conf.stanza(st);
            for (Map.Entry<String, Conf.Entry> e : k.entrySet()) {
                if (!EXEC_ALLOW_KEYS.contains(e.getKey())) {
                    warnings.add(e.getValue().where() + ": unknown key '" + e.getKey() + "' in [" + st
                            + "]; an exec_allow row takes namespace, pod, container, command and actor (globs)");
                }
            }
            execAllowlist.add(new ExecAllowRule(st.substring("exec_allow:".length()), g(k, "namespace"), g(k, "pod"),
                    g(k, "container"), g(k, "command"), g(k, "actor")));
        }
    }

    private static String g(Map<String, Conf.Entry> k, String key) {
        Conf.Entry e = k.get(key);
        return e == null || e.value().isEmpty() ? "*" : e.value();
    }

    private void readLabels(Conf conf) {
        for (Label l : Label.values()) {
            labels.put(l, new LabelSetting(true, l.severity(), l.risk(), null));
        }
        for (String st : conf.stanzas()) {
            if (!st.startsWith("label:")) {
                continue;
            }
            String id = st.substring("label:".length());
            Label l = Label.byId(id);
            Map<String, Conf.Entry> k = conf.stanza(st);
            if (l == null) {
                warnings.add(firstWhere(k) + "unknown label [" + st + "] ignored; label ids are listed in the catalog"
                        + " (for example [label:exec_into_pod])");
                continue;
            }
            for (Map.Entry<String, Conf.Entry> e : k.entrySet()) {
                if (!LABEL_KEYS.contains(e.getKey())) {
                    warnings.add(e.getValue().where() + ": unknown key '" + e.getKey() + "' in [" + st
                            + "]; a label takes disabled, severity, risk and image_allowlist");
                }
            }
            boolean enabled = !bool(k, "disabled", false);
            Severity sev = l.severity();
            int risk = l.risk();
            Conf.Entry se = k.get("severity");
            if (se != null) {
                Severity parsed = Severity.parse(se.value());
                if (parsed == null) {
                    warnings.add(se.where() + ": severity '" + se.value() + "' for " + id
                            + " is not one of informational, low, medium, high, critical; kept " + sev.id());
                } else {
                    sev = parsed;
                    if (!sev.contains(risk)) {
                        risk = sev.low(); // keep the label's risk consistent with its new band
                    }
                }
            }
            Conf.Entry re = k.get("risk");
            if (re != null) {
                try {
                    int r = Integer.parseInt(re.value().trim());
                    if (r < 0 || r > 100) {
                        throw new NumberFormatException();
                    }
                    if (se != null && !sev.contains(r)) {
                        warnings.add(re.where() + ": risk " + r + " for " + id + " is outside the " + sev.id() + " band ("
                                + sev.low() + "-" + sev.high() + "); using " + risk);
                    } else {
                        risk = r;
                        sev = Severity.band(r);
                    }
                } catch (NumberFormatException x) {
                    warnings.add(re.where() + ": risk '" + re.value() + "' for " + id + " must be a whole number 0-100; kept "
                            + risk);
                }
            }
            Images allow = null;
            Conf.Entry ia = k.get("image_allowlist");
            if (ia != null && !ia.value().isBlank()) {
                String listName = ia.value().trim();
                List<String> entries = raw.get(listName);
                if (entries == null) {
                    warnings.add(ia.where() + ": image_allowlist '" + listName + "' for " + id
                            + " names no list; define [list:" + listName + "] with values = <images>");
                } else {
                    allow = imageListsByName.computeIfAbsent(listName, n -> images(n, entries));
                }
            }
            labels.put(l, new LabelSetting(enabled, sev, risk, allow));
        }
    }

    private static String firstWhere(Map<String, Conf.Entry> k) {
        return k.isEmpty() ? "kubeaudit.conf: " : k.values().iterator().next().where() + ": ";
    }

    /**
     * {@code geoip_db}: {@code auto} (the default) is the database Splunk ships for iplocation,
     * {@code $SPLUNK_HOME/share/GeoLite2-City.mmdb}, when there is one; {@code none} turns the country
     * baseline off; anything else is a file, absolute or in the app's lookups/ folder.
     */
    private MaxMindDb geoDb(Conf.Entry e, Path lookups, String splunkHome) {
        String v = e == null ? "auto" : e.value().trim();
        Path file;
        if (v.isEmpty() || v.equalsIgnoreCase("none")) {
            return null;
        } else if (v.equalsIgnoreCase("auto")) {
            if (splunkHome == null || splunkHome.isBlank()) {
                return null;
            }
            file = Path.of(splunkHome, "share", "GeoLite2-City.mmdb");
            if (!Files.isRegularFile(file)) {
                return null;
            }
        } else {
            file = Path.of(v);
            if (!file.isAbsolute()) {
                if (lookups == null) {
                    warnings.add(e.where() + ": geoip_db " + v + " is relative but there is no lookups folder;"
                            + " dev_new_country is off");
                    return null;
                }
                file = lookups.resolve(v);
            }
        }
        try {
            return MaxMindDb.open(file);
        } catch (IOException | RuntimeException x) {
            String where = e == null ? "geoip_db = auto" : e.where() + ": geoip_db";
            warnings.add(where + ": cannot use " + file + " (" + x.getMessage() + "); dev_new_country is off."
                    + " Set geoip_db to a GeoLite2/GeoIP2 Country or City .mmdb file, or to none");
            return null;
        }
    }

    private CidrSet lookup(Path dir, Map<String, Conf.Entry> settings, String key) {
        Conf.Entry e = settings.get(key);
        if (e == null || e.value().isBlank() || dir == null) {
            return new CidrSet(List.of());
        }
        Path file = dir.resolve(e.value().trim());
        // under its default name an absent or empty lookup has not been filled yet (an install upgraded
        // from a version that shipped it keeps the empty file); under a name the user chose, absent is a mistake
        boolean defaultName = e.value().trim().equals(DEFAULT_LOOKUP_FILES.get(key));
        if (!Files.isRegularFile(file)) {
            if (defaultName) {
                notices.add(String.format(UNFILLED_LOOKUP_NOTICES.get(key), file));
            } else {
                warnings.add(e.where() + ": lookup " + file + " not found; " + key + " is empty");
            }
            return new CidrSet(List.of());
        }
        try {
            List<String> values = LookupFile.readAddresses(file);
            if (values.isEmpty() && defaultName) {
                notices.add(String.format(UNFILLED_LOOKUP_NOTICES.get(key), file));
            }
            return cidrs(key + " (" + file.getFileName() + ")", values);
        } catch (IOException x) {
            warnings.add(e.where() + ": cannot read lookup " + file + ": " + x.getMessage());
            return new CidrSet(List.of());
        }
    }

    // ------------------------------------------------------------------ typed lists

    private List<String> list(String name) {
        List<String> l = raw.get(name);
        return l == null ? List.of() : l;
    }

    private GlobSet glob(String name) {
        return new GlobSet(list(name), false, globLists++);
    }

    private GlobSet globIgnoringCase(String name) {
        return new GlobSet(list(name), true, globLists++);
    }

    private Set<String> exact(String name, boolean lowerCase) {
        Set<String> s = new HashSet<>();
        for (String v : list(name)) {
            s.add(lowerCase ? v.toLowerCase(Locale.ROOT) : v);
        }
        return Collections.unmodifiableSet(s);
    }

    private List<String> lower(String name) {
        List<String> out = new ArrayList<>();
        for (String v : list(name)) {
            out.add(v.toLowerCase(Locale.ROOT));
        }
        return Collections.unmodifiableList(out);
    }

    private List<String> paths(String name) {
        List<String> out = new ArrayList<>();
        for (String v : list(name)) {
            out.add(PodSpec.normalisePath(v));
        }
        return Collections.unmodifiableList(out);
    }

    private Images images(String name, List<String> entries) {
        Images i = new Images(entries);
        imageListsByName.putIfAbsent(name, i);
        return i;
    }

    private CidrSet cidrs(String name, List<String> entries) {
        CidrSet c = new CidrSet(entries);
        for (String bad : c.invalid()) {
            warnings.add("kubeaudit.conf: '" + bad + "' in " + name + " is not an IP address or CIDR; ignored");
        }
        return c;
    }

    private boolean bool(Map<String, Conf.Entry> s, String key, boolean dflt) {
        return Conf.bool(s.get(key), key, dflt, warnings);
    }

    static final int MAX_ENRICH_THREADS = 16;

    /**
     * {@code kubeenrich_threads}: auto (the default) is two threads where the host has two cores or
     * more. splunkd waits for each reply before it sends the next chunk, so while kubeenrich works on
     * a chunk the search's own process is idle: a second thread keeps the search's CPU use near two
     * cores' worth for the length of the chunk, not more.
     */
    private int threads(Conf.Entry e) {
        int auto = Math.min(2, Runtime.getRuntime().availableProcessors());
        if (e == null || e.value().trim().equalsIgnoreCase("auto")) {
            return auto;
        }
        try {
            int n = Integer.parseInt(e.value().trim());
            if (n >= 1 && n <= MAX_ENRICH_THREADS) {
                return n;
            }
        } catch (NumberFormatException x) {
            // reported below
        }
        warnings.add(e.where() + ": kubeenrich_threads = '" + e.value() + "' must be auto or a whole number from 1 to "
                + MAX_ENRICH_THREADS + "; using auto (" + auto + ")");
        return auto;
    }

    private long number(Map<String, Conf.Entry> s, String key, long dflt, long min, long max) {
        return Conf.number(s.get(key), key, dflt, min, max, warnings);
    }

    // ------------------------------------------------------------------ access

    /** The layered kubeaudit.conf, for the parts of the app that read their own stanzas (the baselines). */
    public Conf conf() {
        return conf;
    }

    /** The app's lookups folder, or null when running on the built-in defaults only. */
    public Path lookupDir() {
        return lookupDir;
    }

    /** Problems found in kubeaudit.conf or the lookups, each with file and line. */
    public List<String> warnings() {
        return Collections.unmodifiableList(warnings);
    }

    /** Settings left at defaults that do less than they could, said to the user but not mistakes: a lookup not built yet. */
    public List<String> notices() {
        return Collections.unmodifiableList(notices);
    }

    /** A list's entries as configured (after default/local layering). */
    public List<String> listValues(String name) {
        return list(name);
    }

    LabelSetting setting(Label l) {
        return labels.get(l);
    }

    public boolean enabled(Label l) {
        return labels.get(l).enabled();
    }

    public int risk(Label l) {
        return labels.get(l).risk();
    }

    public Severity severity(Label l) {
        return labels.get(l).severity();
    }
}
