package io.kubeaudit.json;

/** The kinds of token a {@link JsonReader} can be positioned at. */
public enum JsonToken {
    BEGIN_OBJECT("an object"),
    END_OBJECT("'}'"),
    BEGIN_ARRAY("an array"),
    END_ARRAY("']'"),
    NAME("a member name"),
    STRING("a string"),
    NUMBER("a number"),
    BOOLEAN("a boolean"),
    NULL("null"),
    END_DOCUMENT("end of input");

    private final String description;

    JsonToken(String description) {
        this.description = description;
    }

    public String describe() {
        return description;
    }
}
