package io.kubeaudit.detection;

import java.util.List;

/** Request bodies as objects: a JSON Patch array becomes the partial object its add/replace ops describe. */
final class Bodies {
    private Bodies() {
    }

    static Object effective(Object requestObject) {
        if (requestObject instanceof List) {
            return JsonPatch.apply((List<?>) requestObject);
        }
        return requestObject;
    }
}
