package io.kubeaudit.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A packaged modular input launcher started the way splunkd starts it: definition XML on stdin, stdout and stderr to files. */
final class InputProcess {
    private InputProcess() {
    }

    static String definition(String stanza, Path checkpointDir, Map<String, String> params) {
        StringBuilder sb = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<input>\n  <server_host>it-host</server_host>\n"
                + "  <server_uri>https://127.0.0.1:8089</server_uri>\n  <session_key>it-session</session_key>\n"
                + "  <checkpoint_dir>" + checkpointDir + "</checkpoint_dir>\n  <configuration>\n"
                + "    <stanza name=\"" + stanza + "\" app=\"kube_audit_analytics\">\n"
                + "      <param name=\"host\">$decideOnStartup</param>\n      <param name=\"index\">default</param>\n"
                + "      <param name=\"interval\">0</param>\n      <param name=\"start_by_shell\">false</param>\n");
        for (Map.Entry<String, String> e : params.entrySet()) {
            sb.append("      <param name=\"").append(e.getKey()).append("\">")
                    .append(e.getValue().replace("&", "&amp;").replace("<", "&lt;")).append("</param>\n");
        }
        return sb.append("    </stanza>\n  </configuration>\n</input>\n").toString();
    }

    /** Starts {@code bin/<scheme>.sh} with the definition on stdin; stdout to {@code out}, stderr to {@code err}. */
    static Process start(String scheme, String definition, Path out, Path err, List<String> args) throws IOException, InterruptedException {
        Path def = Files.createTempFile("input-definition", ".xml");
        Files.writeString(def, definition, StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>();
        cmd.add(PackagedApp.appDir().resolve("bin").resolve(scheme + ".sh").toString());
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectInput(def.toFile()).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile())).start();
    }

    static File nul() {
        return new File("/dev/null");
    }
}
