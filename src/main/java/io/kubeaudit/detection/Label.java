package io.kubeaudit.detection;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The event-level label catalog (docs/detections.md §2, catalog version 1.0): one row per label with
 * its id, default severity and base risk, ATT&CK technique ids and the predicate that decides it.
 *
 * <p>Stage rule, common to every label: a label is evaluated only on the decisive event of a
 * request (§1.2, {@link DecisiveStages}), so counting labelled events counts requests. Severity and
 * risk can be overridden per label in kubeaudit.conf ({@code [label:<id>]}), and any label disabled.
 */
public enum Label {
    AUTH_ANONYMOUS_ALLOWED("auth_anonymous_allowed", Severity.HIGH, 75, "T1078.001 T1190", "*", AuthRules::anonymousAllowed),
    AUTH_ANONYMOUS_PUBLIC_INFO("auth_anonymous_public_info", Severity.INFORMATIONAL, 10, "T1595", "*", AuthRules::anonymousPublicInfo),
    AUTH_ANONYMOUS_DENIED("auth_anonymous_denied", Severity.LOW, 30, "T1078.001 T1595", "*", AuthRules::anonymousDenied),
    AUTH_ANONYMOUS_WRITE("auth_anonymous_write", Severity.HIGH, 70, "T1610 T1078.001", "*", AuthRules::anonymousWrite),
    AUTH_UNAUTHENTICATED_401("auth_unauthenticated_401", Severity.LOW, 20, "T1078 T1110", "*", AuthRules::unauthenticated401),
    AUTH_FORBIDDEN("auth_forbidden", Severity.LOW, 20, "T1078 T1613", "*", AuthRules::forbidden),
    AUTH_FORBIDDEN_CREATE("auth_forbidden_create", Severity.LOW, 35, "T1078 T1610", "*", AuthRules::forbiddenCreate),
    AUTH_FORBIDDEN_PUBLIC_IP("auth_forbidden_public_ip", Severity.MEDIUM, 40, "T1613 T1595", "*", AuthRules::forbiddenPublicIp),
    AUTH_FORBIDDEN_SERVICE_ACCOUNT("auth_forbidden_service_account", Severity.MEDIUM, 45, "T1613 T1550.001", "*", AuthRules::forbiddenServiceAccount),
    AUTH_IMPERSONATION("auth_impersonation", Severity.INFORMATIONAL, 10, "T1134", "*", AuthRules::impersonation),
    AUTH_IMPERSONATION_PRIVILEGED("auth_impersonation_privileged", Severity.HIGH, 75, "T1134 T1078", "*", AuthRules::impersonationPrivileged),
    AUTH_IMPERSONATION_DENIED("auth_impersonation_denied", Severity.MEDIUM, 50, "T1134", "*", AuthRules::impersonationDenied),
    AUTH_DEFAULT_ADMIN_IDENTITY("auth_default_admin_identity", Severity.MEDIUM, 40, "T1078.001", "*", AuthRules::defaultAdminIdentity),
    AUTH_SYSTEM_MASTERS_USER("auth_system_masters_user", Severity.MEDIUM, 40, "T1078", "*", AuthRules::systemMastersUser),
    AUTH_USER_NOT_ALLOWLISTED("auth_user_not_allowlisted", Severity.INFORMATIONAL, 10, "T1078", "*", AuthRules::userNotAllowlisted),
    AUTH_SYSTEM_PRINCIPAL_PUBLIC_IP("auth_system_principal_public_ip", Severity.HIGH, 70, "T1528 T1550.001", "*", AuthRules::systemPrincipalPublicIp),
    AUTH_SOURCE_IP_THREAT_LIST("auth_source_ip_threat_list", Severity.HIGH, 70, "T1090.003", "*", AuthRules::sourceIpThreatList),
    AUTH_SA_TOOL_CLIENT("auth_sa_tool_client", Severity.MEDIUM, 55, "T1550.001 T1613", "*", AuthRules::saToolClient),
    AUTH_NODE_TOOL_CLIENT("auth_node_tool_client", Severity.HIGH, 65, "T1550.001 T1552.001", "*", AuthRules::nodeToolClient),
    AUTH_KUBECTL_CLIENT("auth_kubectl_client", Severity.INFORMATIONAL, 0, "", "*", AuthRules::kubectlClient),
    AUTH_LEGACY_SA_TOKEN_USED("auth_legacy_sa_token_used", Severity.LOW, 30, "T1550.001", "*", AuthRules::legacySaTokenUsed),
    AUTH_STALE_SA_TOKEN_USED("auth_stale_sa_token_used", Severity.LOW, 25, "T1550.001", "*", AuthRules::staleSaTokenUsed),
    EXEC_INTO_POD("exec_into_pod", Severity.MEDIUM, 40, "T1609", "pods", ExecRules::intoPod),
    EXEC_ATTACH_POD("exec_attach_pod", Severity.MEDIUM, 40, "T1609", "pods", ExecRules::attachPod),
    EXEC_PORTFORWARD("exec_portforward", Severity.LOW, 30, "T1572", "pods", ExecRules::portforward),
    EXEC_DENIED("exec_denied", Severity.MEDIUM, 40, "T1609", "pods", ExecRules::denied),
    EXEC_EPHEMERAL_CONTAINER("exec_ephemeral_container", Severity.MEDIUM, 55, "T1609 T1611", "pods", ExecRules::ephemeralContainer),
    EXEC_SHELL_INVOKED("exec_shell_invoked", Severity.LOW, 30, "T1609 T1059.004", "pods", ExecRules::shellInvoked),
    EXEC_INTERACTIVE_SHELL("exec_interactive_shell", Severity.MEDIUM, 50, "T1609 T1059.004", "pods", ExecRules::interactiveShell),
    EXEC_TOOL_COMMAND("exec_tool_command", Severity.LOW, 35, "T1609 T1613", "pods", ExecRules::toolCommand),
    EXEC_REVERSE_SHELL("exec_reverse_shell", Severity.CRITICAL, 90, "T1609 T1059.004", "pods", ExecRules::reverseShell),
    EXEC_REMOTE_DOWNLOAD("exec_remote_download", Severity.HIGH, 60, "T1609 T1105", "pods", ExecRules::remoteDownload),
    EXEC_CLOUD_METADATA_ACCESS("exec_cloud_metadata_access", Severity.CRITICAL, 85, "T1552.005 T1609", "pods", ExecRules::cloudMetadataAccess),
    EXEC_CREDENTIAL_FILE_ACCESS("exec_credential_file_access", Severity.HIGH, 70, "T1552.001 T1609", "pods", ExecRules::credentialFileAccess),
    EXEC_SA_TOKEN_ACCESS("exec_sa_token_access", Severity.HIGH, 75, "T1528 T1552.007", "pods", ExecRules::saTokenAccess),
    EXEC_COPY_FROM_POD("exec_copy_from_pod", Severity.HIGH, 60, "T1005", "pods", ExecRules::copyFromPod),
    EXEC_BY_SERVICE_ACCOUNT("exec_by_service_account", Severity.HIGH, 65, "T1609 T1550.001", "pods", ExecRules::byServiceAccount),
    EXEC_FROM_POD("exec_from_pod", Severity.HIGH, 70, "T1609", "pods", ExecRules::fromPod),
    EXEC_SYSTEM_NAMESPACE("exec_system_namespace", Severity.HIGH, 60, "T1609", "pods", ExecRules::systemNamespace),
    POD_PRIVILEGED_CONTAINER("pod_privileged_container", Severity.HIGH, 75, "T1611 T1610", "@spec", PodRules::privilegedContainer),
    POD_RUN_AS_ROOT("pod_run_as_root", Severity.LOW, 30, "T1611 T1610", "@spec", PodRules::runAsRoot),
    POD_CAPABILITIES_ADDED("pod_capabilities_added", Severity.INFORMATIONAL, 15, "T1611", "@spec", PodRules::capabilitiesAdded),
    POD_DANGEROUS_CAPABILITIES("pod_dangerous_capabilities", Severity.HIGH, 65, "T1611 T1068", "@spec", PodRules::dangerousCapabilities),
    POD_HOSTPATH_VOLUME("pod_hostpath_volume", Severity.MEDIUM, 45, "T1611", "@spec", PodRules::hostpathVolume),
    POD_HOSTPATH_SENSITIVE("pod_hostpath_sensitive", Severity.HIGH, 75, "T1611", "@spec", PodRules::hostpathSensitive),
    POD_HOSTPATH_NODE_ROOT("pod_hostpath_node_root", Severity.CRITICAL, 85, "T1611", "@spec", PodRules::hostpathNodeRoot),
    POD_CONTAINER_RUNTIME_SOCKET("pod_container_runtime_socket", Severity.CRITICAL, 85, "T1611 T1610", "@spec", PodRules::containerRuntimeSocket),
    POD_HOSTPATH_STATIC_POD_DIR("pod_hostpath_static_pod_dir", Severity.CRITICAL, 80, "T1611 T1610", "@spec", PodRules::hostpathStaticPodDir),
    POD_HOST_NETWORK("pod_host_network", Severity.MEDIUM, 50, "T1611 T1610", "@spec", PodRules::hostNetwork),
    POD_HOST_PID("pod_host_pid", Severity.HIGH, 65, "T1611 T1610", "@spec", PodRules::hostPid),
    POD_HOST_IPC("pod_host_ipc", Severity.MEDIUM, 55, "T1611 T1610", "@spec", PodRules::hostIpc),
    POD_SPEC_RISK_DENIED("pod_spec_risk_denied", Severity.MEDIUM, 45, "T1611", "@spec", PodRules::specRiskDenied),
    POD_PSS_VIOLATION("pod_pss_violation", Severity.LOW, 25, "T1610", "*", PodRules::pssViolation),
    POD_SYSTEM_NAMESPACE("pod_system_namespace", Severity.MEDIUM, 45, "T1036.005 T1610", "pods", PodRules::systemNamespace),
    POD_CREATED_DIRECTLY("pod_created_directly", Severity.LOW, 20, "T1610", "pods", PodRules::createdDirectly),
    POD_DEFAULT_NAMESPACE("pod_default_namespace", Severity.LOW, 20, "T1610", "pods", PodRules::defaultNamespace),
    POD_CREATED_BY_SERVICE_ACCOUNT("pod_created_by_service_account", Severity.MEDIUM, 50, "T1610 T1550.001", "pods @workloads", PodRules::createdByServiceAccount),
    POD_CREATED_FROM_POD("pod_created_from_pod", Severity.HIGH, 70, "T1610", "pods @workloads", PodRules::createdFromPod),
    POD_CONTROLLER_SA_ASSIGNED("pod_controller_sa_assigned", Severity.HIGH, 70, "T1078.001", "pods", PodRules::controllerSaAssigned),
    POD_IMAGE_NOT_ALLOWLISTED("pod_image_not_allowlisted", Severity.LOW, 30, "T1610 T1525", "@spec", PodRules::imageNotAllowlisted),
    POD_DEBUG_OR_BASE_IMAGE("pod_debug_or_base_image", Severity.LOW, 25, "T1610", "@spec", PodRules::debugOrBaseImage),
    POD_IMAGE_PULL_NOT_ALLOWLISTED("pod_image_pull_not_allowlisted", Severity.LOW, 25, "T1610 T1204.003", "events", PodRules::imagePullNotAllowlisted),
    WORKLOAD_DAEMONSET_CREATED("workload_daemonset_created", Severity.MEDIUM, 45, "T1610", "daemonsets", WorkloadRules::daemonsetCreated),
    WORKLOAD_CRONJOB_CREATED_OR_MODIFIED("workload_cronjob_created_or_modified", Severity.MEDIUM, 45, "T1053.007", "cronjobs", WorkloadRules::cronjobCreatedOrModified),
    WORKLOAD_JOB_CREATED_OR_MODIFIED("workload_job_created_or_modified", Severity.LOW, 25, "T1053.007 T1610", "jobs", WorkloadRules::jobCreatedOrModified),
    WORKLOAD_CONTAINER_INJECTED("workload_container_injected", Severity.MEDIUM, 50, "T1609 T1610", "deployments daemonsets statefulsets replicasets", WorkloadRules::containerInjected),
    NET_NODEPORT_SERVICE("net_nodeport_service", Severity.MEDIUM, 45, "T1133", "services", NetRules::nodeportService),
    NET_LOADBALANCER_SERVICE("net_loadbalancer_service", Severity.LOW, 30, "T1133", "services", NetRules::loadbalancerService),
    NET_EXTERNAL_IPS_SERVICE("net_external_ips_service", Severity.HIGH, 60, "T1557", "services", NetRules::externalIpsService),
    NET_INGRESS_WITHOUT_TLS("net_ingress_without_tls", Severity.LOW, 25, "T1040", "ingresses", NetRules::ingressWithoutTls),
    RBAC_CLUSTERROLEBINDING_PRIVILEGED_ROLE("rbac_clusterrolebinding_privileged_role", Severity.CRITICAL, 80, "T1098.006 T1078.004", "clusterrolebindings", RbacRules::clusterrolebindingPrivilegedRole),
    RBAC_ROLEBINDING_PRIVILEGED_ROLE("rbac_rolebinding_privileged_role", Severity.HIGH, 65, "T1098.006", "rolebindings", RbacRules::rolebindingPrivilegedRole),
    RBAC_BINDING_TO_SERVICE_ACCOUNT("rbac_binding_to_service_account", Severity.MEDIUM, 40, "T1098.006", "rolebindings clusterrolebindings", RbacRules::bindingToServiceAccount),
    RBAC_ROLE_WILDCARD_CREATED("rbac_role_wildcard_created", Severity.HIGH, 60, "T1098.006 T1078.004", "roles clusterroles", RbacRules::roleWildcardCreated),
    RBAC_ROLE_WILDCARD_ELEVATED("rbac_role_wildcard_elevated", Severity.HIGH, 75, "T1098.006", "roles clusterroles", RbacRules::roleWildcardElevated),
    RBAC_ROLE_ESCALATION_VERBS("rbac_role_escalation_verbs", Severity.HIGH, 75, "T1098.006", "roles clusterroles", RbacRules::roleEscalationVerbs),
    RBAC_ROLE_POD_EXEC_CREATED("rbac_role_pod_exec_created", Severity.MEDIUM, 55, "T1098.006 T1609", "roles clusterroles", RbacRules::rolePodExecCreated),
    RBAC_ROLE_NODE_PROXY_CREATED("rbac_role_node_proxy_created", Severity.HIGH, 60, "T1098.006 T1611", "roles clusterroles", RbacRules::roleNodeProxyCreated),
    RBAC_ROLE_WRITE_CREATED("rbac_role_write_created", Severity.LOW, 25, "T1098.006", "roles clusterroles", RbacRules::roleWriteCreated),
    RBAC_ROLE_SENSITIVE_CHANGED("rbac_role_sensitive_changed", Severity.HIGH, 65, "T1098.006", "roles clusterroles", RbacRules::roleSensitiveChanged),
    RBAC_SYSTEM_ROLE_MODIFIED("rbac_system_role_modified", Severity.HIGH, 70, "T1098.006", "roles clusterroles", RbacRules::systemRoleModified),
    RBAC_WRITTEN_BY_SERVICE_ACCOUNT("rbac_written_by_service_account", Severity.MEDIUM, 50, "T1098.006", "roles clusterroles rolebindings clusterrolebindings", RbacRules::writtenByServiceAccount),
    RBAC_OBJECT_ACCESS("rbac_object_access", Severity.INFORMATIONAL, 5, "T1069.003", "roles clusterroles rolebindings clusterrolebindings", RbacRules::objectAccess),
    RBAC_AUTHORIZED_BY_PRIVILEGED_ROLE("rbac_authorized_by_privileged_role", Severity.INFORMATIONAL, 15, "T1078", "*", RbacRules::authorizedByPrivilegedRole),
    SECRET_GET("secret_get", Severity.INFORMATIONAL, 10, "T1552.007", "secrets", SecretRules::get),
    SECRET_GET_FAILED("secret_get_failed", Severity.LOW, 30, "T1552.007", "secrets", SecretRules::getFailed),
    SECRET_LIST_OR_WATCH("secret_list_or_watch", Severity.MEDIUM, 40, "T1552.007", "secrets", SecretRules::listOrWatchOk),
    SECRET_LIST_ALL_NAMESPACES("secret_list_all_namespaces", Severity.HIGH, 70, "T1552.007 T1613", "secrets", SecretRules::listAllNamespaces),
    SECRET_LIST_SENSITIVE_NAMESPACE("secret_list_sensitive_namespace", Severity.MEDIUM, 55, "T1552.007", "secrets", SecretRules::listSensitiveNamespace),
    SECRET_CROSS_NAMESPACE_READ("secret_cross_namespace_read", Severity.HIGH, 65, "T1552.007", "secrets", SecretRules::crossNamespaceRead),
    SECRET_READ_BY_SA_OR_NODE("secret_read_by_sa_or_node", Severity.MEDIUM, 40, "T1552.007", "secrets", SecretRules::readBySaOrNode),
    SECRET_READ_TOOL_CLIENT("secret_read_tool_client", Severity.HIGH, 60, "T1552.007", "secrets", SecretRules::readToolClient),
    SECRET_OR_CONFIGMAP_ANONYMOUS_ACCESS("secret_or_configmap_anonymous_access", Severity.HIGH, 60, "T1552.007 T1078.001", "secrets configmaps", SecretRules::orConfigmapAnonymousAccess),
    SECRET_SA_TOKEN_SECRET_CREATED("secret_sa_token_secret_created", Severity.HIGH, 65, "T1528", "secrets", SecretRules::saTokenSecretCreated),
    SECRET_CONFIGMAP_ARC_PROXY_ACCESS("secret_configmap_arc_proxy_access", Severity.MEDIUM, 55, "T1552.007", "secrets configmaps", SecretRules::configmapArcProxyAccess),
    CONFIGMAP_READ("configmap_read", Severity.INFORMATIONAL, 5, "", "configmaps", ConfigmapRules::read),
    CONFIGMAP_READ_SENSITIVE("configmap_read_sensitive", Severity.LOW, 30, "T1613", "configmaps", ConfigmapRules::readSensitive),
    CONFIGMAP_WITH_CREDENTIALS("configmap_with_credentials", Severity.MEDIUM, 50, "T1552.001", "configmaps", ConfigmapRules::withCredentials),
    CONFIGMAP_DNS_MODIFIED("configmap_dns_modified", Severity.HIGH, 65, "T1565.001 T1557", "configmaps", ConfigmapRules::dnsModified),
    CONFIGMAP_AWS_AUTH_MODIFIED("configmap_aws_auth_modified", Severity.HIGH, 75, "T1098.006 T1556", "configmaps", ConfigmapRules::awsAuthModified),
    RECON_SELF_SUBJECT_REVIEW("recon_self_subject_review", Severity.LOW, 25, "T1069.003 T1087.004 T1613", "selfsubjectrulesreviews selfsubjectaccessreviews", ReconRules::selfSubjectReview),
    RECON_SELF_SUBJECT_REVIEW_BY_SA_OR_NODE("recon_self_subject_review_by_sa_or_node", Severity.MEDIUM, 55, "T1069.003 T1087.004 T1613", "selfsubjectrulesreviews selfsubjectaccessreviews", ReconRules::selfSubjectReviewBySaOrNode),
    RECON_ANONYMOUS_POD_LIST("recon_anonymous_pod_list", Severity.MEDIUM, 50, "T1613 T1526", "pods", ReconRules::anonymousPodList),
    SCAN_TOOL_USER_AGENT("scan_tool_user_agent", Severity.HIGH, 70, "T1595.002 T1046 T1613", "*", ScanRules::toolUserAgent),
    SCAN_NON_K8S_PATH_PROBE("scan_non_k8s_path_probe", Severity.MEDIUM, 40, "T1595.002 T1595.003", "*", ScanRules::nonK8sPathProbe),
    SCAN_OFFENSIVE_TOOL_IMAGE("scan_offensive_tool_image", Severity.HIGH, 70, "T1613 T1526 T1610", "@spec events", ScanRules::offensiveToolImage),
    PERSIST_SA_TOKEN_REQUESTED("persist_sa_token_requested", Severity.HIGH, 60, "T1528 T1552.007", "serviceaccounts", PersistRules::saTokenRequested),
    PERSIST_SA_TOKEN_LONG_LIVED("persist_sa_token_long_lived", Severity.HIGH, 70, "T1528 T1098.001", "serviceaccounts", PersistRules::saTokenLongLived),
    PERSIST_CLIENT_CERT_CSR_CREATED("persist_client_cert_csr_created", Severity.HIGH, 65, "T1098.006 T1098.001", "certificatesigningrequests", PersistRules::clientCertCsrCreated),
    PERSIST_CSR_PRIVILEGED_SUBJECT("persist_csr_privileged_subject", Severity.CRITICAL, 90, "T1098.006 T1078", "certificatesigningrequests", PersistRules::csrPrivilegedSubject),
    PERSIST_CSR_APPROVED("persist_csr_approved", Severity.HIGH, 65, "T1098.006", "certificatesigningrequests", PersistRules::csrApproved),
    PERSIST_ADMISSION_WEBHOOK_CREATED("persist_admission_webhook_created", Severity.HIGH, 65, "T1546 T1562", "mutatingwebhookconfigurations validatingwebhookconfigurations validatingadmissionpolicies validatingadmissionpolicybindings mutatingadmissionpolicies mutatingadmissionpolicybindings", PersistRules::admissionWebhookCreated),
    PERSIST_ADMISSION_WEBHOOK_MODIFIED("persist_admission_webhook_modified", Severity.HIGH, 60, "T1546 T1562", "mutatingwebhookconfigurations validatingwebhookconfigurations validatingadmissionpolicies validatingadmissionpolicybindings mutatingadmissionpolicies mutatingadmissionpolicybindings", PersistRules::admissionWebhookModified),
    PERSIST_SERVICE_ACCOUNT_CREATED("persist_service_account_created", Severity.LOW, 20, "T1136", "serviceaccounts", PersistRules::serviceAccountCreated),
    PERSIST_SERVICE_ACCOUNT_SYSTEM_NAMESPACE("persist_service_account_system_namespace", Severity.MEDIUM, 50, "T1136 T1036.005", "serviceaccounts", PersistRules::serviceAccountSystemNamespace),
    NODE_KUBELET_PROXY_ACCESS("node_kubelet_proxy_access", Severity.HIGH, 70, "T1611 T1550.001 T1613", "nodes", NodeRules::kubeletProxyAccess),
    NODE_UNTRUSTED_JOINED("node_untrusted_joined", Severity.HIGH, 70, "T1078", "nodes", NodeRules::untrustedJoined),
    NODE_JOIN_FAILED("node_join_failed", Severity.MEDIUM, 45, "T1078", "nodes", NodeRules::joinFailed),
    EVASION_EVENTS_DELETED("evasion_events_deleted", Severity.MEDIUM, 55, "T1070", "events", ActivityRules::evasionEventsDeleted),
    IMPACT_WORKLOAD_DELETED("impact_workload_deleted", Severity.LOW, 30, "T1489 T1485", "deployments daemonsets statefulsets replicasets jobs cronjobs", ActivityRules::impactWorkloadDeleted),
    IMPACT_NAMESPACE_DELETED("impact_namespace_deleted", Severity.MEDIUM, 45, "T1485", "namespaces", ActivityRules::impactNamespaceDeleted),
    ACTIVITY_OBJECT_CREATED("activity_object_created", Severity.INFORMATIONAL, 5, "", "*", ActivityRules::objectCreated),
    ACTIVITY_OBJECT_MODIFIED("activity_object_modified", Severity.INFORMATIONAL, 5, "", "*", ActivityRules::objectModified),
    ACTIVITY_OBJECT_DELETED("activity_object_deleted", Severity.INFORMATIONAL, 5, "", "*", ActivityRules::objectDeleted),
    ACTIVITY_NAMESPACE_NOT_ALLOWLISTED("activity_namespace_not_allowlisted", Severity.INFORMATIONAL, 10, "", "namespaces", ActivityRules::namespaceNotAllowlisted);

    private final String id;
    private final Severity severity;
    private final int risk;
    private final List<String> mitre;
    private final List<String> resources;
    private final Rule rule;

    /**
     * @param resources the objectRef.resource values the condition can hold for, space separated:
     *                  "*" for any (also non-resource requests), "@spec" for the kinds that carry a
     *                  pod template, "@workloads" for WORKLOAD_KINDS. The detector indexes labels by
     *                  resource, so an event is tested only against labels that can apply to it.
     */
    Label(String id, Severity severity, int risk, String mitre, String resources, Rule rule) {
        this.id = id;
        this.severity = severity;
        this.risk = risk;
        this.mitre = mitre.isEmpty() ? List.of() : Arrays.asList(mitre.split(" "));
        this.resources = expand(resources);
        this.rule = rule;
    }

    private static List<String> expand(String resources) {
        List<String> out = new java.util.ArrayList<>();
        for (String r : resources.split(" ")) {
            switch (r) {
                case "@workloads":
                    out.addAll(Arrays.asList(Facts.WORKLOAD_KINDS));
                    break;
                case "@spec":
                    out.add("pods");
                    out.add("podtemplates");
                    out.addAll(Arrays.asList(Facts.WORKLOAD_KINDS));
                    break;
                default:
                    out.add(r);
            }
        }
        return List.copyOf(out);
    }

    /** The stable id that appears in kube_labels. */
    public String id() {
        return id;
    }

    /** Default severity (catalog). */
    public Severity severity() {
        return severity;
    }

    /** Default base risk r (catalog), 0-100. */
    public int risk() {
        return risk;
    }

    /** ATT&CK technique ids. */
    public List<String> mitre() {
        return mitre;
    }

    /** The resources the label can apply to; ["*"] for any request. */
    public List<String> resources() {
        return resources;
    }

    /** The family prefix: auth, exec, pod, ... */
    public String family() {
        return id.substring(0, id.indexOf('_'));
    }

    boolean test(Facts f) {
        return rule.test(f);
    }

    /** The label with this id, or null. */
    public static Label byId(String id) {
        try {
            return valueOf(id.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A label's condition, evaluated on the decisive event. */
    @FunctionalInterface
    interface Rule {
        boolean test(Facts f);
    }
}
