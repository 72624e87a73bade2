package io.kubeaudit.audit;

/** Valid JSON that is not an audit event in any known shape (or has a field of the wrong type). */
final class ShapeException extends RuntimeException {
    ShapeException(String message) {
        super(message, null, false, false);
    }
}
