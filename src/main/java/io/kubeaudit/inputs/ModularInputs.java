package io.kubeaudit.inputs;

import com.splunk.modularinput.InputDefinition;
import io.kubeaudit.inputs.file.AuditFileInput;
import io.kubeaudit.inputs.webhook.AuditWebhookInput;

import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * What splunkd runs for the app's modular input schemes: {@code --scheme} (introspection),
 * {@code --validate-arguments} (validation XML on stdin), or no argument (input definition XML on
 * stdin, events on stdout until the process is stopped).
 */
public final class ModularInputs {
    public static final String FILE = "kube_audit_file";
    public static final String WEBHOOK = "kube_audit_webhook";

    private ModularInputs() {
    }


    /** @return the exit status */
    public static int run(String scheme, String[] args, InputStream stdin, OutputStream stdout, PrintStream stderr) {
        SplunkLog log = new SplunkLog(stderr);
        try {
            EventStream events = new EventStream(new BufferedOutputStream(stdout, 1 << 20),
                    new OutputStreamWriter(stderr, StandardCharsets.UTF_8));
            AuditInputScript script = create(scheme, events, log);
            if (args.length == 0) {
                // Read all of stdin first: splunkd sends the definition then closes it (the SDK's own
                // non-blocking reader can stop early on a slow pipe).
                InputDefinition def = InputDefinition.parseDefinition(new ByteArrayInputStream(stdin.readAllBytes()));
                script.runDefinition(def);
                return 0;
            }
            InputStream in = args[0].equalsIgnoreCase("--validate-arguments")
                    ? new ByteArrayInputStream(stdin.readAllBytes()) : InputStream.nullInputStream();
            int status = script.run(args, events.writer(), in);
            events.commit();
            return status;
        } catch (FatalInputError e) {
            log.error(scheme + ": " + e.getMessage());
            return 1;
        } catch (Exception e) {
            log.error(scheme + ": stopped: " + e);
            return 1;
        }
    }

    private static AuditInputScript create(String scheme, EventStream events, SplunkLog log) {
        if (FILE.equals(scheme)) {
            return new AuditFileInput(events, log);
        }
        if (WEBHOOK.equals(scheme)) {
            return new AuditWebhookInput(events, log);
        }
        throw new IllegalArgumentException("unknown modular input scheme " + scheme);
    }
}
