package io.kubeaudit.inputs.file;

import com.splunk.modularinput.Argument;
import com.splunk.modularinput.InputDefinition;
import com.splunk.modularinput.Scheme;
import com.splunk.modularinput.ValidationDefinition;
import io.kubeaudit.inputs.StateFiles;
import io.kubeaudit.inputs.AuditInputScript;
import io.kubeaudit.inputs.BadSetting;
import io.kubeaudit.inputs.EventStream;
import io.kubeaudit.inputs.FatalInputError;
import io.kubeaudit.inputs.ModularInputs;
import io.kubeaudit.inputs.SplunkLog;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.kubeaudit.inputs.SchemeArgs.arg;

/** The {@code kube_audit_file} modular input: reads kube-apiserver audit log files, following rotation. */
public final class AuditFileInput extends AuditInputScript {
    public AuditFileInput(EventStream events, SplunkLog log) {
        super(events, log);
    }

    @Override
    public Scheme getScheme() {
        Scheme s = new Scheme(ModularInputs.FILE);
        s.setDescription("Reads Kubernetes API-server audit log files (native JSON lines, EventList, AKS, EKS CloudWatch"
                + " and GKE exports), follows rotation (renamed, copied-then-truncated, gzipped) and resumes after a restart.");
        s.setUseExternalValidation(true);
        s.setUseSingleInstance(false);
        s.setStreamingMode(Scheme.StreamingMode.XML);
        s.addArgument(arg("paths", Argument.DataType.STRING, true,
                "Absolute paths or glob patterns, separated by commas. They must match the rotated files too, for example"
                        + " /var/log/kubernetes/audit/audit*.log*"));
        s.addArgument(arg("poll_interval", Argument.DataType.NUMBER, false,
                "Seconds between two looks at the files (1 to 3600, default 1)."));
        s.addArgument(arg("cluster", Argument.DataType.STRING, false,
                "Cluster name; becomes the host of the events. Default: the cluster a cloud export names, else the input's host."));
        return s;
    }

    @Override
    protected void check(Map<String, String> params, ValidationDefinition definition) throws BadSetting {
        FileInputSettings.parse(params);
    }

    @Override
    protected void run(String stanza, Map<String, String> params, InputDefinition definition) throws Exception {
        FileInputSettings settings;
        try {
            settings = FileInputSettings.parse(params);
        } catch (BadSetting e) {
            throw new FatalInputError(stanza + ": " + e.getMessage());
        }
        Path dir = Path.of(definition.getCheckpointDir());
        FileCheckpoint checkpoint;
        try {
            Files.createDirectories(dir);
            checkpoint = FileCheckpoint.load(dir.resolve(StateFiles.safeName(stanza) + ".checkpoint"));
        } catch (IOException e) {
            throw new FatalInputError(stanza + ": " + e.getMessage(), e);
        }
        log.info(stanza + ": following " + String.join(", ", settings.paths()) + " (checkpoint " + checkpoint.file() + ")");
        FileFollower follower = new FileFollower(settings, checkpoint, events, log, System::currentTimeMillis);
        while (true) {
            follower.pass();
            Thread.sleep(settings.pollMillis());
        }
    }
}
