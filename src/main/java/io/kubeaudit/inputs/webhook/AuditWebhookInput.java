package io.kubeaudit.inputs.webhook;

import com.splunk.modularinput.InputDefinition;
import com.splunk.modularinput.Scheme;
import com.splunk.modularinput.ValidationDefinition;
import io.kubeaudit.inputs.AuditInputScript;
import io.kubeaudit.inputs.BadSetting;
import io.kubeaudit.inputs.EventStream;
import io.kubeaudit.inputs.FatalInputError;
import io.kubeaudit.inputs.ModularInputs;
import io.kubeaudit.inputs.SplunkLog;

import java.util.Map;

/** The {@code kube_audit_webhook} modular input (in progress). */
public final class AuditWebhookInput extends AuditInputScript {
    public AuditWebhookInput(EventStream events, SplunkLog log) {
        super(events, log);
    }

    @Override
    public Scheme getScheme() {
        return new Scheme(ModularInputs.WEBHOOK);
    }

    @Override
    protected void check(Map<String, String> params, ValidationDefinition definition) throws BadSetting {
    }

    @Override
    protected void run(String stanza, Map<String, String> params, InputDefinition definition) throws Exception {
        throw new FatalInputError("not implemented yet");
    }
}
