package io.kubeaudit.inputs;

import com.splunk.modularinput.EventWriter;
import com.splunk.modularinput.InputDefinition;
import com.splunk.modularinput.Parameter;
import com.splunk.modularinput.Script;
import com.splunk.modularinput.SingleValueParameter;
import com.splunk.modularinput.ValidationDefinition;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Common ground of the app's modular inputs: settings come as one flat map of the stanza's
 * single-valued parameters, validation is the settings parser (one set of rules for
 * --validate-arguments and for a run), and events go through an {@link EventStream}.
 */
public abstract class AuditInputScript extends Script {
    protected final EventStream events;
    protected final SplunkLog log;

    protected AuditInputScript(EventStream events, SplunkLog log) {
        this.events = events;
        this.log = log;
    }

    /** Checks the settings; throws {@link BadSetting} with what to type instead. */
    protected abstract void check(Map<String, String> params, ValidationDefinition definition) throws BadSetting;

    /** Runs the input for one stanza until the process is stopped; throws only on a fatal problem. */
    protected abstract void run(String stanza, Map<String, String> params, InputDefinition definition) throws Exception;

    @Override
    public final void validateInput(ValidationDefinition definition) throws BadSetting {
        check(values(definition.getParameters()), definition);
    }

    @Override
    public final void streamEvents(InputDefinition definition, EventWriter ignored) {
        throw new UnsupportedOperationException("run through ModularInputs.run");
    }

    /** One stanza (use_single_instance is false: splunkd starts one process per stanza). */
    final void runDefinition(InputDefinition definition) throws Exception {
        Map<String, Map<String, Parameter>> inputs = definition.getInputs();
        if (inputs.isEmpty()) {
            log.warn("no enabled stanza in the input definition; nothing to do");
            return;
        }
        if (inputs.size() > 1) {
            log.warn("the input definition holds " + inputs.size() + " stanzas; running only the first (one process per stanza)");
        }
        Map.Entry<String, Map<String, Parameter>> first = inputs.entrySet().iterator().next();
        run(first.getKey(), values(first.getValue()), definition);
    }

    /** Single values by name; a multi-valued parameter keeps its values joined by commas. */
    public static Map<String, String> values(Map<String, Parameter> params) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : params.entrySet()) {
            Parameter p = e.getValue();
            if (p instanceof SingleValueParameter s) {
                out.put(e.getKey(), s.getValue());
            } else if (p instanceof com.splunk.modularinput.MultiValueParameter m) {
                out.put(e.getKey(), String.join(",", m.getValues()));
            }
        }
        return out;
    }
}
