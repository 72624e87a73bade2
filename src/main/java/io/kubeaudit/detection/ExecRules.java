package io.kubeaudit.detection;

import java.util.List;

/** §2.2 {@code exec_}: command execution in pods. */
final class ExecRules {
    private ExecRules() {
    }

    /** EXEC_OK: a successful exec (verb create, or get for WebSocket clients, kubectl ≥ 1.30). */
    static boolean execOk(Facts f) {
        return "pods".equals(f.r) && "exec".equals(f.sr) && (f.verbIs("create") || f.verbIs("get")) && f.ok();
    }

    private static boolean attachOk(Facts f) {
        return "pods".equals(f.r) && "attach".equals(f.sr) && (f.verbIs("create") || f.verbIs("get")) && f.ok();
    }

    /** Routine-operations rows of exec_allowlist (namespace, pod, container, command, actor globs). */
    static boolean allowlisted(Facts f) {
        List<DetectionConfig.ExecAllowRule> rows = f.cfg.execAllowlist;
        if (rows.isEmpty()) {
            return false;
        }
        ExecCommand e = f.exec();
        String cmd = e == null ? "" : e.cmd;
        String container = e == null || e.container == null ? "" : e.container;
        for (DetectionConfig.ExecAllowRule r : rows) {
            if (Glob.matches(r.namespace(), nz(f.ns), false) && Glob.matches(r.pod(), nz(f.n), false)
                    && Glob.matches(r.container(), container, false) && Glob.matches(r.command(), cmd, false)
                    && Glob.matches(r.actor(), nz(f.act), false)) {
                return true;
            }
        }
        return false;
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    static boolean intoPod(Facts f) {
        return execOk(f) && !allowlisted(f);
    }

    static boolean attachPod(Facts f) {
        return attachOk(f) && !allowlisted(f);
    }

    static boolean portforward(Facts f) {
        return "pods".equals(f.r) && "portforward".equals(f.sr) && f.allowed();
    }

    static boolean denied(Facts f) {
        return "pods".equals(f.r) && f.subresourceIn("exec", "attach", "portforward") && f.denied();
    }

    static boolean ephemeralContainer(Facts f) {
        return "pods".equals(f.r) && "ephemeralcontainers".equals(f.sr) && f.modify() && f.ok()
                && f.cls != ActorClass.NODE
                && !(f.cls == ActorClass.SERVICE_ACCOUNT && f.in(f.cfg.systemNamespaces, f.saNamespace()));
    }

    private static boolean shell(Facts f) {
        return f.cfg.shellBinaries.contains(f.exec().argv0);
    }

    static boolean shellInvoked(Facts f) {
        return execOk(f) && shell(f);
    }

    static boolean interactiveShell(Facts f) {
        if (execOk(f)) {
            ExecCommand e = f.exec();
            return shell(f) && (e.tty || e.script == null);
        }
        if (attachOk(f)) {
            ExecCommand e = f.exec();
            return e.stdin && e.tty;
        }
        return false;
    }

    static boolean toolCommand(Facts f) {
        if (!execOk(f)) {
            return false;
        }
        ExecCommand e = f.exec();
        return (f.cfg.toolBinaries.contains(e.argv0) || f.cfg.toolBinaries.contains(e.scriptProgram())) && !allowlisted(f);
    }

    static boolean reverseShell(Facts f) {
        return execOk(f) && ReverseShell.matches(f.exec(), f.cfg);
    }

    static boolean remoteDownload(Facts f) {
        if (!execOk(f)) {
            return false;
        }
        ExecCommand e = f.exec();
        if (!e.cmdLower.contains("curl") && !e.cmdLower.contains("wget")) {
            return false;
        }
        List<String> words = e.words();
        if (!words.contains("curl") && !words.contains("wget")) {
            return false;
        }
        for (String host : e.urlHosts()) {
            if (!f.cfg.downloadExemptHosts.matches(host)) {
                return true;
            }
        }
        return false;
    }

    static boolean cloudMetadataAccess(Facts f) {
        return execOk(f) && containsAny(f.exec().cmdLower, f.cfg.imdsMarkers);
    }

    static boolean credentialFileAccess(Facts f) {
        if (!execOk(f)) {
            return false;
        }
        // service-account token paths are exec_sa_token_access; they are not "other credentials"
        String text = f.exec().cmdLower;
        for (String m : f.cfg.saTokenPathMarkers) {
            text = text.replace(m, " ");
        }
        return f.cfg.credentialPathMarkers.find(text);
    }

    static boolean saTokenAccess(Facts f) {
        return execOk(f) && containsAny(f.exec().cmdLower, f.cfg.saTokenPathMarkers) && !f.infraScope();
    }

    static boolean copyFromPod(Facts f) {
        if (!execOk(f) || f.infraScope()) {
            return false;
        }
        ExecCommand e = f.exec();
        if (!e.argv0.equals("tar")) {
            return false;
        }
        List<String> a = e.program;
        boolean create = false;
        String target = null;
        for (int i = 1; i < a.size(); i++) {
            String x = a.get(i);
            if (x.equals("--create")) {
                create = true;
            } else if (x.startsWith("--file=")) {
                target = x.substring("--file=".length());
            } else if (x.equals("--file") && i + 1 < a.size()) {
                target = a.get(i + 1);
            } else if (!x.startsWith("--") && x.matches("-?[A-Za-z]*f-") && (i == 1 || x.startsWith("-"))) {
                if (x.indexOf('c') >= 0) {
                    create = true; // "cf-" / "-cf-": archive to stdout in one word
                }
                target = "-";
            } else if (!x.startsWith("--") && x.matches("-?[A-Za-z]+") && (i == 1 || x.startsWith("-"))) {
                String letters = x.startsWith("-") ? x.substring(1) : x;
                if (letters.indexOf('c') >= 0) {
                    create = true;
                }
                if (letters.endsWith("f") && i + 1 < a.size()) {
                    target = a.get(i + 1);
                }
            }
        }
        return create && "-".equals(target);
    }

    static boolean byServiceAccount(Facts f) {
        return "pods".equals(f.r) && f.subresourceIn("exec", "attach") && f.attempt()
                && f.cls == ActorClass.SERVICE_ACCOUNT && !f.actIn(f.cfg.execSaAllowlist);
    }

    static boolean fromPod(Facts f) {
        return "pods".equals(f.r) && f.subresourceIn("exec", "attach", "portforward") && f.attempt() && f.inPod()
                && !f.actIn(f.cfg.execSaAllowlist);
    }

    static boolean systemNamespace(Facts f) {
        return "pods".equals(f.r) && f.subresourceIn("exec", "attach") && f.ok() && f.in(f.cfg.systemNamespaces, f.ns)
                && !f.infra();
    }

    static boolean containsAny(String lowerText, List<String> markers) {
        for (String m : markers) {
            if (lowerText.contains(m)) {
                return true;
            }
        }
        return false;
    }
}
