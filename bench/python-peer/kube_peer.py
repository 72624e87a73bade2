"""kubepeer: the benchmark's Python peer of kubeenrich.

A streaming search command written the usual way, with Splunk's SDK for Python
(splunklib.searchcommands, PyPI package splunk-sdk): it parses each event's _raw with
json.loads and evaluates 23 of kubeenrich's label conditions, taken from the label catalog
(shared/docs/detections.md section 2) with the catalog's default lists. It writes
kube_labels (multivalue), kube_severity (scored as in catalog section 1.13) and
kube_parse_error for events it cannot parse.

What it leaves out, compared with kubeenrich: the other ~100 labels, the companion fields,
the baseline model, JSON Patch bodies and the Pod Security fallbacks. So it does less work
per event than kubeenrich; the comparison favours it.

Started by bench/python-peer/kube_peer.sh (the virtualenv's python3). See bench/README.md.
"""
import ipaddress
import json
import posixpath
import re
import sys
from collections import OrderedDict
from fnmatch import fnmatchcase
from functools import cached_property, lru_cache
from urllib.parse import parse_qsl, urlsplit

from splunklib.searchcommands import Configuration, StreamingCommand, dispatch

# --------------------------------------------------------------------------- catalog lists (section 1.11)

SYSTEM_NAMESPACES = {"kube-system", "kube-public", "kube-node-lease", "gke-system"}
CLOUD_CONTROL_PLANE_ACTORS = ("eks:*", "aksService", "*container-engine-robot*", "*@cloudservices.gserviceaccount.com")
ANONYMOUS_USERS = {"system:anonymous", "system:unauthenticated", "system:unsecured"}
PROBE_USER_AGENTS = ("kube-probe/", "GoogleHC/")
BENIGN_SCANNER_USER_AGENTS = {"AWS Security Scanner"}
SCANNER_TOKENS = ("zgrab", "nmap", "masscan", "zmap", "nuclei", "kube-hunter", "kubescape", "kubeaudit", "kubiscan",
                  "kubestriker", "peirates", "access_matrix", "trufflehog", "azurehound", "micro-scanner",
                  "censysinspect", "expanse", "l9explore", "l9tcpid", "internet-measurement", "sqlmap", "nikto",
                  "gobuster", "dirbuster", "ffuf", "feroxbuster", "wpscan", "nessus")
HTTP_TOOL_FAMILIES = {"curl", "wget", "python-requests", "python-urllib", "python-httpx", "aiohttp", "httpie",
                      "postmanruntime", "okhttp", "node-fetch", "axios", "undici", "go-http-client", "libwww-perl",
                      "ruby", "java", "apache-httpclient", "powershell", "php", "browser"}
SHELL_BINARIES = {"sh", "bash", "ash", "dash", "zsh", "ksh", "mksh", "csh", "tcsh", "fish", "rbash", "pwsh",
                  "powershell", "cmd"}
SA_TOKEN_PATH_MARKERS = ("/var/run/secrets/kubernetes.io/serviceaccount", "/run/secrets/kubernetes.io/serviceaccount",
                         "/var/run/secrets/eks.amazonaws.com/serviceaccount", "/var/run/secrets/azure/tokens",
                         "/var/run/secrets/tokens/", "serviceaccount/token")
PRIVILEGED_ROLES = {"cluster-admin", "admin", "system:masters", "system:kube-controller-manager",
                    "system:kube-scheduler"}
NODE_AGENT_IMAGES = ("falcosecurity/falco", "sysdig/sysdig", "sysdig/agent", "calico/node", "quay.io/calico/",
                     "quay.io/cilium/", "cilium/", "registry.k8s.io/kube-proxy", "gke.gcr.io/",
                     "mcr.microsoft.com/oss/kubernetes/kube-proxy", "602401143452.dkr.ecr.*.amazonaws.com/",
                     "datadog/agent", "gcr.io/datadoghq/agent", "prom/node-exporter",
                     "quay.io/prometheus/node-exporter", "amazon/cloudwatch-agent", "amazon/aws-for-fluent-bit",
                     "google/cadvisor", "gcr.io/cadvisor/", "rook/ceph", "docker/ucp-agent",
                     "cloudnativelabs/kube-router", "netdata/netdata")
HEALTH_URIS = ("/healthz", "/livez", "/readyz")
PUBLIC_INFO_URIS = {"/version", "/version/", "/.well-known/openid-configuration", "/openid/v1/jwks",
                    "/.well-known/oauth-authorization-server"}
PRIVATE_NETWORKS = tuple(ipaddress.ip_network(n) for n in (
    "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16", "127.0.0.0/8",
    "fc00::/7", "fe80::/10", "::1/128"))

MODIFY = {"create", "update", "patch"}
WRITE = MODIFY | {"delete", "deletecollection"}
WORKLOAD_KINDS = {"deployments", "daemonsets", "statefulsets", "replicasets", "replicationcontrollers", "jobs",
                  "cronjobs"}
LONG_RUNNING = {"exec", "attach", "portforward", "proxy"}

# label -> base risk (catalog section 2); labels with risk <= 10 are context labels (section 1.13)
RISK = {
    "auth_anonymous_allowed": 75, "auth_anonymous_denied": 30, "auth_anonymous_write": 70,
    "auth_unauthenticated_401": 20, "auth_forbidden": 20, "auth_forbidden_public_ip": 40,
    "auth_forbidden_service_account": 45, "auth_impersonation": 10, "auth_sa_tool_client": 55,
    "exec_into_pod": 40, "exec_shell_invoked": 30, "exec_sa_token_access": 75, "exec_by_service_account": 65,
    "pod_privileged_container": 75, "pod_hostpath_volume": 45, "pod_hostpath_node_root": 85,
    "pod_host_network": 50, "pod_host_pid": 65,
    "secret_get": 10, "secret_list_all_namespaces": 70, "secret_read_tool_client": 60,
    "rbac_clusterrolebinding_privileged_role": 80, "scan_tool_user_agent": 70,
}


# --------------------------------------------------------------------------- helpers

@lru_cache(maxsize=65536)
def address_class(text):
    """'loopback', 'private', 'public' or 'other' (unparseable, multicast, unspecified); catalog section 1.4."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return "other"
    if address.is_loopback:
        return "loopback"
    if any(address in network for network in PRIVATE_NETWORKS if network.version == address.version):
        return "private"
    if address.is_multicast or address.is_unspecified:
        return "other"
    return "public"


def image_repo(image):
    """Image reference without tag and digest, with docker.io/ (and library/) added; lower case (section 1.7)."""
    repo = image.lower().split("@", 1)[0]
    slash = repo.rfind("/")
    colon = repo.rfind(":")
    if colon > slash:
        repo = repo[:colon]
    parts = repo.split("/")
    if len(parts) == 1:
        return "docker.io/library/" + repo
    if "." not in parts[0] and ":" not in parts[0] and parts[0] != "localhost":
        return "docker.io/" + repo
    return repo


# allowlist entries normalised like images; an entry ending in "/" is a prefix
NODE_AGENT_PATTERNS = tuple(image_repo(e) + ("/*" if e.endswith("/") else "") for e in NODE_AGENT_IMAGES)


def is_node_agent(image):
    repo = image_repo(image)
    return any(fnmatchcase(repo, pattern) for pattern in NODE_AGENT_PATTERNS)


def dig(node, *keys):
    for key in keys:
        if not isinstance(node, dict):
            return None
        node = node.get(key)
    return node


def is_system_namespace(ns):
    return ns in SYSTEM_NAMESPACES or (ns is not None and ns.startswith("gke-managed-"))


def actor_class(actor, groups):
    """Catalog section 1.5."""
    if not actor or actor in ANONYMOUS_USERS or "system:unauthenticated" in groups:
        return "anonymous"
    if actor.startswith("system:serviceaccount:") and actor.count(":") == 3:
        return "service_account"
    if actor.startswith("system:node:") or "system:nodes" in groups or actor == "nodeclient":
        return "node"
    if actor.startswith("system:") or any(fnmatchcase(actor, p) for p in CLOUD_CONTROL_PLANE_ACTORS):
        return "system"
    return "user"


def is_infra(actor, actor_cls):
    if actor_cls in ("system", "node"):
        return True
    return actor_cls == "service_account" and is_system_namespace(actor.split(":")[2])


def ua_family(ua):
    """Catalog section 1.9."""
    if not ua:
        return "none"
    low = ua.lower()
    for token in SCANNER_TOKENS:
        if token in low:
            return "scanner:" + token
    if ua.startswith("Mozilla/"):
        return "browser"
    family = re.split(r"[/ ]", low, maxsplit=1)[0]
    return family + "@unstamped" if ua.endswith(" kubernetes/$Format") else family


def exec_argv(query, request_object):
    """The decoded exec command (catalog section 1.8): argv0 and the whole command line."""
    argv = [value for key, value in parse_qsl(query, keep_blank_values=True) if key == "command"]
    if not argv and isinstance(request_object, dict) and isinstance(request_object.get("command"), list):
        argv = [str(a) for a in request_object["command"]]
    rest = argv
    if rest and posixpath.basename(rest[0]) == "env":
        rest = rest[1:]
        while rest and ("=" in rest[0] or rest[0] in ("-i", "-u")):
            rest = rest[2:] if rest[0] == "-u" else rest[1:]
    if rest and posixpath.basename(rest[0]) == "busybox":
        rest = rest[1:]
    argv0 = posixpath.basename(rest[0]).lower() if rest else ""
    return argv0, " ".join(argv)


def severity(labels):
    """kube_severity from the labels' base risks (catalog section 1.13; no deviations here)."""
    if not labels:
        return "none"
    risks = sorted((RISK[label] for label in labels), reverse=True)
    others = sum(r for r in risks[1:] if r > 10)
    score = min(100, risks[0] + int(0.1 * others + 0.5))
    for floor, band in ((80, "critical"), (60, "high"), (40, "medium"), (20, "low")):
        if score >= floor:
            return band
    return "informational"


# --------------------------------------------------------------------------- one audit event

class AuditEvent:
    """An audit.k8s.io/v1 Event and the catalog's predicates on it (section 1), computed when first used."""

    def __init__(self, event):
        self.event = event
        ref = event.get("objectRef") or {}
        self.resource = ref.get("resource")
        self.subresource = ref.get("subresource")
        self.namespace = ref.get("namespace")
        self.verb = (event.get("verb") or "").lower()
        self.stage = event.get("stage")
        user = event.get("user") or {}
        impersonated = event.get("impersonatedUser")
        self.user = user.get("username")
        self.impersonated = impersonated.get("username") if isinstance(impersonated, dict) else None
        self.actor = self.impersonated or self.user
        self.groups = (impersonated if self.impersonated else user).get("groups") or []
        self.user_agent = event.get("userAgent") or ""
        self.source_ips = event.get("sourceIPs") or []
        status = event.get("responseStatus") or {}
        self.code = status.get("code")
        self.decision = (event.get("annotations") or {}).get("authorization.k8s.io/decision")
        request_object = event.get("requestObject")
        self.request_object = request_object if isinstance(request_object, (dict, list)) else None
        uri = urlsplit(event.get("requestURI") or "")
        self.path, self.query = uri.path, uri.query

        # outcome (section 1.3)
        self.unauth = self.code == 401
        self.denied = not self.unauth and (self.code == 403 or self.decision == "forbid")
        self.allowed = not self.unauth and not self.denied and (self.decision == "allow" or self.code is not None)
        self.ok = self.allowed and (self.code is None or 100 <= self.code < 400)
        self.attempt = self.allowed or self.denied

    @cached_property
    def actor_class(self):
        return actor_class(self.actor, self.groups)

    @cached_property
    def infra_scope(self):
        infra = is_infra(self.actor, self.actor_class)
        if infra and self.impersonated:
            infra = is_infra(self.user, actor_class(self.user, (self.event.get("user") or {}).get("groups") or []))
        return infra and (self.namespace is None or is_system_namespace(self.namespace))

    @cached_property
    def ip_class(self):
        return address_class(self.source_ips[0]) if self.source_ips else "other"

    @cached_property
    def loopback(self):
        return bool(self.source_ips) and all(address_class(ip) == "loopback" for ip in self.source_ips)

    @cached_property
    def health_path(self):
        return any(self.path == p or self.path.startswith(p + "/") for p in HEALTH_URIS)

    @cached_property
    def probe(self):
        ua = self.user_agent
        private = self.ip_class in ("private", "loopback")
        return (self.loopback or ua.startswith(PROBE_USER_AGENTS)
                or (ua.startswith("ELB-HealthChecker/") and private)
                or ua in BENIGN_SCANNER_USER_AGENTS or (self.health_path and private))

    @cached_property
    def ua_family(self):
        return ua_family(self.user_agent)

    @cached_property
    def http_tool(self):
        return self.ua_family in HTTP_TOOL_FAMILIES or "kali" in self.user_agent.lower()

    @cached_property
    def exec_ok(self):
        return (self.resource == "pods" and self.subresource == "exec" and self.verb in ("create", "get")
                and self.ok)

    @cached_property
    def command(self):
        return exec_argv(self.query, self.request_object)

    @cached_property
    def pod_spec(self):
        """The pod spec of a spec write (section 1.7), or None."""
        r, sr, verb = self.resource, self.subresource, self.verb
        spec_write = ((r == "pods" and sr is None and verb in MODIFY)
                      or (r == "pods" and sr == "ephemeralcontainers" and verb in ("update", "patch"))
                      or (r in WORKLOAD_KINDS or r == "podtemplates") and verb in MODIFY)
        body = self.request_object
        if not spec_write or not isinstance(body, dict):
            return None
        if r == "pods":
            path = ("spec",)
        elif r == "cronjobs":
            path = ("spec", "jobTemplate", "spec", "template", "spec")
        elif r == "podtemplates":
            path = ("template", "spec")
        else:
            path = ("spec", "template", "spec")
        spec = dig(body, *path)
        if spec is None:
            applied = dig(body, "metadata", "annotations", "kubectl.kubernetes.io/last-applied-configuration")
            if isinstance(applied, str):
                try:
                    spec = dig(json.loads(applied), *path)
                except ValueError:
                    spec = None
        return spec if isinstance(spec, dict) else None

    @cached_property
    def containers(self):
        spec = self.pod_spec
        return [c for key in ("containers", "initContainers", "ephemeralContainers")
                for c in (spec.get(key) or []) if isinstance(c, dict)]

    @cached_property
    def host_paths(self):
        paths = []
        for volume in self.pod_spec.get("volumes") or []:
            host_path = dig(volume, "hostPath", "path")
            if isinstance(host_path, str):
                paths.append(posixpath.normpath("/" + host_path.lstrip("/")))
        return paths

    @cached_property
    def node_agent_only(self):
        """Every container image is a node agent's (node_agent_images exempts such a spec)."""
        images = [c.get("image") for c in self.containers]
        return bool(images) and all(isinstance(i, str) and is_node_agent(i) for i in images)


def labels_of(ev):
    """The labels of one decisive event."""
    labels = []
    add = labels.append
    cls = ev.actor_class
    r, verb = ev.resource, ev.verb

    # auth_
    if cls == "anonymous":
        if ev.allowed and not ev.health_path and ev.path not in PUBLIC_INFO_URIS and not ev.probe:
            add("auth_anonymous_allowed")
        if ev.denied and not ev.probe:
            add("auth_anonymous_denied")
        if not ev.unauth and verb in WRITE:
            add("auth_anonymous_write")
    if ev.unauth:
        add("auth_unauthenticated_401")
    if ev.denied:
        add("auth_forbidden")
        if ev.ip_class == "public":
            add("auth_forbidden_public_ip")
        if cls == "service_account":
            add("auth_forbidden_service_account")
    if ev.impersonated and ev.allowed:
        add("auth_impersonation")
    if cls == "service_account" and ev.attempt and (ev.http_tool or ev.ua_family == "kubectl"):
        add("auth_sa_tool_client")

    # exec_
    if ev.exec_ok:
        argv0, cmd = ev.command
        add("exec_into_pod")
        if argv0 in SHELL_BINARIES:
            add("exec_shell_invoked")
        if not ev.infra_scope and any(marker in cmd.lower() for marker in SA_TOKEN_PATH_MARKERS):
            add("exec_sa_token_access")
    if r == "pods" and ev.subresource in ("exec", "attach") and ev.attempt and cls == "service_account":
        add("exec_by_service_account")

    # pod_
    if ev.ok and ev.pod_spec is not None and not ev.infra_scope:
        spec = ev.pod_spec
        agents = ev.node_agent_only
        if not agents and any(dig(c, "securityContext", "privileged") is True for c in ev.containers):
            add("pod_privileged_container")
        if ev.host_paths:
            add("pod_hostpath_volume")
            if "/" in ev.host_paths:
                add("pod_hostpath_node_root")
        if not agents and spec.get("hostNetwork") is True:
            add("pod_host_network")
        if not agents and spec.get("hostPID") is True:
            add("pod_host_pid")

    # secret_
    if r == "secrets":
        if verb == "get" and ev.ok and not ev.infra_scope and not ev.loopback:
            add("secret_get")
        if (verb in ("list", "watch") and ev.namespace is None and ev.ok and not ev.infra_scope
                and not ev.loopback):
            add("secret_list_all_namespaces")
        if verb in ("get", "list") and ev.attempt and ev.http_tool:
            add("secret_read_tool_client")

    # rbac_
    if (r == "clusterrolebindings" and verb in MODIFY and ev.ok and not ev.infra_scope
            and dig(ev.request_object, "roleRef", "name") in PRIVILEGED_ROLES):
        add("rbac_clusterrolebinding_privileged_role")

    # scan_
    if ev.ua_family.startswith("scanner:") and ev.user_agent not in BENIGN_SCANNER_USER_AGENTS:
        add("scan_tool_user_agent")
    return labels


# --------------------------------------------------------------------------- the command

@Configuration(required_fields=["_raw", "host", "source"])
class KubePeerCommand(StreamingCommand):
    """Adds kube_labels, kube_severity and kube_parse_error to Kubernetes audit events."""

    MAX_REMEMBERED = 200_000  # auditIDs of long-running requests labelled at ResponseStarted (section 1.2)

    def __init__(self):
        super().__init__()
        self.started = OrderedDict()

    def decisive(self, ev):
        """Labels are computed on the decisive event of a request only (catalog section 1.2)."""
        stage = ev.stage
        if stage is None or ev.unauth:
            return True
        if stage == "RequestReceived":
            return False
        audit_id = ev.event.get("auditID")
        if ev.subresource in LONG_RUNNING:
            if stage == "ResponseStarted":
                self.started[audit_id] = True
                if len(self.started) > self.MAX_REMEMBERED:
                    self.started.popitem(last=False)
                return True
            return stage in ("ResponseComplete", "Panic") and self.started.pop(audit_id, None) is None
        return stage in ("ResponseComplete", "Panic")

    def stream(self, records):
        for record in records:
            labels, error = [], None
            try:
                document = json.loads(record.get("_raw") or "")
                if not isinstance(document, dict):
                    raise ValueError("not a JSON object")
                # an EventList holds several events: the record gets the union of their labels
                events = document.get("items") or [] if document.get("kind") == "EventList" else [document]
                for event in events:
                    ev = AuditEvent(event)
                    if self.decisive(ev):
                        labels += [label for label in labels_of(ev) if label not in labels]
            except (ValueError, TypeError, AttributeError) as e:
                error = "%s: %s" % (type(e).__name__, e)
            record["kube_labels"] = labels
            record["kube_severity"] = severity(labels)
            record["kube_parse_error"] = error
            yield record


if __name__ == "__main__":
    dispatch(KubePeerCommand, sys.argv, sys.stdin, sys.stdout, __name__)
