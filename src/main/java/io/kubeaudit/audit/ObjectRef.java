package io.kubeaudit.audit;

/**
 * The object a resource request targets. Empty strings are normalised to null ("absent"), and
 * the core API group ("" in the API) is null too, so a missing apiGroup and the core group compare alike.
 */
public record ObjectRef(String resource, String subresource, String namespace, String name, String apiGroup,
                        String apiVersion) {
}
