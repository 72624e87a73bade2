package io.kubeaudit.inputs;

import com.splunk.modularinput.Argument;

/** Scheme arguments, written the way README/inputs.conf.spec declares them. */
public final class SchemeArgs {
    private SchemeArgs() {
    }

    public static Argument arg(String name, Argument.DataType type, boolean requiredOnCreate, String description) {
        Argument a = new Argument(name);
        a.setDataType(type);
        a.setRequiredOnCreate(requiredOnCreate);
        a.setRequiredOnEdit(false);
        a.setDescription(description);
        return a;
    }
}
