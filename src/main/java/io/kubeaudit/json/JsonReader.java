package io.kubeaudit.json;

import java.nio.charset.StandardCharsets;

/**
 * Strict RFC 8259 pull parser over UTF-8 bytes.
 *
 * <p>Audit events arrive as UTF-8 bytes (CSV cells, file lines, HTTP bodies); parsing the bytes
 * directly avoids decoding whole events to Strings, and lets callers skip large values (request and
 * response objects) and keep only their byte span for a later, lazy parse. Invalid UTF-8, control
 * characters in strings, bad numbers, trailing garbage and truncation are all rejected with the byte
 * offset, because "why did this event not parse" is a question users will ask.
 */
public final class JsonReader {
    /** Deeper nesting is rejected: audit events are shallow, hostile input is not. */
    public static final int MAX_DEPTH = 512;

    private final byte[] b;
    private final int start;
    private final int end;
    private int pos;

    // The open container: whether it is an object and whether a ',' must come before its next member.
    // The enclosing containers' state is saved on push and restored on pop.
    private boolean inObject;
    private boolean needComma;
    private boolean[] savedInObject = new boolean[8];
    private boolean[] savedNeedComma = new boolean[8];
    private int depth;
    /** Nesting allowed here: less than MAX_DEPTH in a {@link #valueReader()}, which starts inside other containers. */
    private final int maxDepth;
    private boolean expectValueAfterName;

    private final KeyCache keys;
    private final KeyCache.Decoder decoder = this::decode;
    /** 2 when every '"' of the JSON text appears doubled, as inside a quoted CSV value; else 1. */
    private final int q;

    public JsonReader(byte[] bytes, int offset, int length) {
        this(bytes, offset, length, null, false);
    }

    /** @param keys optional cache so that repeated member names do not allocate new Strings */
    public JsonReader(byte[] bytes, int offset, int length, KeyCache keys) {
        this(bytes, offset, length, keys, false);
    }

    /**
     * @param csvQuoted the bytes are the inside of a quoted CSV value: every '"' of the JSON text is
     *                  doubled. Parsing them as they are saves copying each event out of the CSV body.
     */
    public JsonReader(byte[] bytes, int offset, int length, KeyCache keys, boolean csvQuoted) {
        this(bytes, offset, length, keys, csvQuoted, MAX_DEPTH);
    }

    private JsonReader(byte[] bytes, int offset, int length, KeyCache keys, boolean csvQuoted, int maxDepth) {
        this.maxDepth = maxDepth;
        this.b = bytes;
        this.start = offset;
        this.end = offset + length;
        this.pos = offset;
        this.keys = keys;
        this.q = csvQuoted ? 2 : 1;
    }

    /** Whether this reader parses CSV-quoted JSON (see the constructor). */
    public boolean csvQuoted() {
        return q == 2;
    }

    public static JsonReader of(byte[] bytes) {
        return new JsonReader(bytes, 0, bytes.length);
    }

    /** The input array (spans returned by {@link #skipValueSpan()} index into it). */
    public byte[] array() {
        return b;
    }

    /** Current read position (absolute index into the byte array). */
    public int position() {
        return pos;
    }

    // ------------------------------------------------------------------ structure

    // The token found by the last peek() and where: callers peek several times before consuming.
    private int peekedAt = -1;
    private JsonToken peeked;

    /** What the next value is, after consuming a separating ',' if needed; END_* when the container closes. */
    public JsonToken peek() {
        if (pos == peekedAt) {
            return peeked;
        }
        JsonToken t = peekToken();
        peekedAt = pos;
        peeked = t;
        return t;
    }

    private JsonToken peekToken() {
        skipSeparator();
        if (pos >= end) {
            if (depth > 0) {
                throw truncated(inObject ? "object" : "array");
            }
            return JsonToken.END_DOCUMENT;
        }
        byte c = b[pos];
        if (inObject && !expectValueAfterName && c != '"' && c != '}') {
            throw error("expected a member name in double quotes but found " + describe(pos));
        }
        switch (c) {
            case '{': return JsonToken.BEGIN_OBJECT;
            case '[': return JsonToken.BEGIN_ARRAY;
            case '}': return JsonToken.END_OBJECT;
            case ']': return JsonToken.END_ARRAY;
            case '"': return (inObject && !expectValueAfterName) ? JsonToken.NAME : JsonToken.STRING;
            case 't': case 'f': return JsonToken.BOOLEAN;
            case 'n': return JsonToken.NULL;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return JsonToken.NUMBER;
                }
                throw error("unexpected " + describe(pos));
        }
    }

    public void beginObject() {
        expect(JsonToken.BEGIN_OBJECT, "an object");
        push(true);
    }

    public void beginArray() {
        expect(JsonToken.BEGIN_ARRAY, "an array");
        push(false);
    }

    public void endObject() {
        JsonToken t = peek();
        if (t != JsonToken.END_OBJECT) {
            throw error("expected '}' but found " + describe(pos));
        }
        pos++;
        pop();
    }

    public void endArray() {
        JsonToken t = peek();
        if (t != JsonToken.END_ARRAY) {
            throw error("expected ']' but found " + describe(pos));
        }
        pos++;
        pop();
    }

    /** True while the current object or array has more members. */
    public boolean hasNext() {
        JsonToken t = peek();
        return t != JsonToken.END_OBJECT && t != JsonToken.END_ARRAY && t != JsonToken.END_DOCUMENT;
    }

    /** Reads a member name and the ':' after it. */
    public String nextName() {
        if (peek() != JsonToken.NAME) {
            throw error("expected a member name but found " + describe(pos));
        }
        int s = pos + q;
        int e = scanString(s);
        String name = keys == null ? decode(s, e) : keys.name(b, s, e - s, decoder);
        pos = e + q;
        skipWhitespace();
        if (pos >= end) {
            throw truncated("object");
        }
        if (b[pos] != ':') {
            throw error("expected ':' after member name \"" + name + "\" but found " + describe(pos));
        }
        pos++;
        expectValueAfterName = true;
        return name;
    }

    public String nextString() {
        JsonToken t = peek();
        if (t != JsonToken.STRING) {
            throw typeError("a string", t);
        }
        int s = pos + q;
        int e = scanString(s);
        String v = decode(s, e);
        pos = e + q;
        valueDone();
        return v;
    }

    /**
     * Like {@link #nextString()}, for values that repeat across documents (verbs, user names, user
     * agents): returns a shared instance from the key cache when there is one.
     */
    public String nextSharedString() {
        JsonToken t = peek();
        if (t != JsonToken.STRING) {
            throw typeError("a string", t);
        }
        int s = pos + q;
        int e = scanString(s);
        String v = shared(s, e);
        pos = e + q;
        valueDone();
        return v;
    }

    public boolean nextBoolean() {
        JsonToken t = peek();
        if (t != JsonToken.BOOLEAN) {
            throw typeError("true or false", t);
        }
        boolean v;
        if (matchLiteral("true")) {
            v = true;
        } else if (matchLiteral("false")) {
            v = false;
        } else {
            throw error("invalid literal " + describe(pos));
        }
        valueDone();
        return v;
    }

    public void nextNull() {
        JsonToken t = peek();
        if (t != JsonToken.NULL || !matchLiteral("null")) {
            throw typeError("null", t);
        }
        valueDone();
    }

    /** A number as long; fractional or exponent forms must be integral, out-of-range values are rejected. */
    public long nextLong() {
        JsonToken t = peek();
        if (t != JsonToken.NUMBER) {
            throw typeError("a number", t);
        }
        int s = pos;
        int e = scanNumber(s);
        pos = e;
        valueDone();
        boolean integral = true;
        for (int i = s; i < e; i++) {
            byte c = b[i];
            if (c == '.' || c == 'e' || c == 'E') {
                integral = false;
                break;
            }
        }
        String text = new String(b, s, e - s, StandardCharsets.ISO_8859_1);
        try {
            if (integral) {
                return Long.parseLong(text);
            }
            double d = Double.parseDouble(text);
            if (d == Math.rint(d) && Math.abs(d) < 9.0e15) {
                return (long) d;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw new JsonException("number " + text + " at byte " + at(s) + " is not a whole number in range", at(s));
    }

    /** Any number: Long when integral and in range, else Double. */
    public Number nextNumber() {
        JsonToken t = peek();
        if (t != JsonToken.NUMBER) {
            throw typeError("a number", t);
        }
        int s = pos;
        int e = scanNumber(s);
        pos = e;
        valueDone();
        if (isShortInteger(s, e)) {
            return digits(s, e);
        }
        String text = new String(b, s, e - s, StandardCharsets.ISO_8859_1);
        boolean integral = text.indexOf('.') < 0 && text.indexOf('e') < 0 && text.indexOf('E') < 0;
        if (integral) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException ignored) {
                // too large for a long: keep it as a double
            }
        }
        return Double.parseDouble(text);
    }

    /**
     * Whether the validated number [s, e) is an integer of at most 18 digits, which a long holds
     * whatever the digits: status codes and counts, read without making a String first.
     */
    private boolean isShortInteger(int s, int e) {
        int first = b[s] == '-' ? s + 1 : s;
        if (e - first > 18) {
            return false;
        }
        for (int i = first; i < e; i++) {
            if (b[i] < '0' || b[i] > '9') {
                return false;
            }
        }
        return true;
    }

    private long digits(int s, int e) {
        boolean negative = b[s] == '-';
        long v = 0;
        for (int i = negative ? s + 1 : s; i < e; i++) {
            v = v * 10 + (b[i] - '0');
        }
        return negative ? -v : v;
    }

    /** Skips the next value (of any type, any depth) without allocating, validating it on the way. */
    public void skipValue() {
        JsonToken first = peek();
        if (first == JsonToken.BEGIN_OBJECT || first == JsonToken.BEGIN_ARRAY) {
            int after = skipContainer(pos);
            if (after >= 0) {
                pos = after;
                valueDone();
                return;
            }
        }
        skipTokens();
    }

    /**
     * Skips token by token, keeping this reader's state at each step. Slower than
     * {@link #skipContainer}, and the one that explains what is wrong: it reads again what the fast
     * path gave up on.
     */
    void skipTokens() {
        int base = depth;
        do {
            JsonToken t = peek();
            switch (t) {
                case BEGIN_OBJECT: pos++; push(true); break;
                case BEGIN_ARRAY: pos++; push(false); break;
                case END_OBJECT: case END_ARRAY:
                    if (depth <= base || expectValueAfterName) {
                        throw error("expected a value but found " + describe(pos));
                    }
                    if ((t == JsonToken.END_OBJECT) != inObject) { // "[1}" closes with the other bracket
                        throw error("expected '" + (inObject ? '}' : ']') + "' but found " + describe(pos));
                    }
                    pos++; pop(); break;
                case NAME: {
                    int e = scanString(pos + q);
                    pos = e + q;
                    skipWhitespace();
                    if (pos >= end) {
                        throw truncated("object");
                    }
                    if (b[pos] != ':') {
                        throw error("expected ':' after member name but found " + describe(pos));
                    }
                    pos++;
                    expectValueAfterName = true;
                    break;
                }
                case STRING: pos = scanString(pos + q) + q; valueDone(); break;
                case NUMBER: pos = scanNumber(pos); valueDone(); break;
                case BOOLEAN:
                    if (!matchLiteral("true") && !matchLiteral("false")) {
                        throw error("invalid literal " + describe(pos));
                    }
                    valueDone();
                    break;
                case NULL:
                    if (!matchLiteral("null")) {
                        throw error("invalid literal " + describe(pos));
                    }
                    valueDone();
                    break;
                default:
                    throw truncated("value");
            }
        } while (depth > base);
    }

    // what skipContainer expects next
    private static final int EXPECT_VALUE = 0;
    private static final int EXPECT_VALUE_OR_END = 1;
    private static final int EXPECT_NAME = 2;
    private static final int EXPECT_NAME_OR_END = 3;
    private static final int EXPECT_SEPARATOR_OR_END = 4;

    /**
     * Validates the object or array starting at i in one loop over the bytes, keeping the open
     * containers as bits of a long instead of saving this reader's state at every token: request
     * and response bodies are most of an event's bytes and are only skipped. Returns the index after
     * the container, or -1 for anything it does not accept — invalid JSON, or nesting deeper than
     * 63 levels or the depth left — which {@link #skipTokens} then reads again to report or allow.
     */
    int skipContainer(int i) {
        final byte[] b = this.b;
        final int end = this.end;
        if (i >= end || (b[i] != '{' && b[i] != '[')) {
            return -1;
        }
        final int levels = Math.min(63, maxDepth - depth);
        long objects = 0; // bit 0: whether the innermost open container is an object
        int open = 0;
        int state = EXPECT_VALUE;
        while (true) {
            while (i < end && isWhitespace(b[i])) {
                i++;
            }
            if (i >= end) {
                return -1;
            }
            byte c = b[i];
            switch (state) {
                case EXPECT_VALUE_OR_END:
                case EXPECT_NAME_OR_END:
                    if (c == (state == EXPECT_NAME_OR_END ? '}' : ']')) {
                        i++;
                        objects >>>= 1;
                        if (--open == 0) {
                            return i;
                        }
                        state = EXPECT_SEPARATOR_OR_END;
                        continue;
                    }
                    state = state == EXPECT_NAME_OR_END ? EXPECT_NAME : EXPECT_VALUE;
                    continue;
                case EXPECT_NAME:
                    if (c != '"') {
                        return -1;
                    }
                    i = stringEnd(i + q);
                    if (i < 0) {
                        return -1;
                    }
                    i += q;
                    while (i < end && isWhitespace(b[i])) {
                        i++;
                    }
                    if (i >= end || b[i] != ':') {
                        return -1;
                    }
                    i++;
                    state = EXPECT_VALUE;
                    continue;
                case EXPECT_SEPARATOR_OR_END:
                    boolean inObj = (objects & 1) != 0;
                    if (c == ',') {
                        i++;
                        state = inObj ? EXPECT_NAME : EXPECT_VALUE;
                    } else if (c == (inObj ? '}' : ']')) {
                        i++;
                        objects >>>= 1;
                        if (--open == 0) {
                            return i;
                        }
                    } else {
                        return -1;
                    }
                    continue;
                default: // EXPECT_VALUE
                    if (c == '{' || c == '[') {
                        if (open == levels) {
                            return -1;
                        }
                        objects = (objects << 1) | (c == '{' ? 1 : 0);
                        open++;
                        i++;
                        state = c == '{' ? EXPECT_NAME_OR_END : EXPECT_VALUE_OR_END;
                        continue;
                    }
                    if (c == '"') {
                        i = stringEnd(i + q);
                        if (i < 0) {
                            return -1;
                        }
                        i += q;
                    } else if (c == '-' || (c >= '0' && c <= '9')) {
                        i = numberEnd(i);
                    } else {
                        i = literalEnd(i);
                    }
                    if (i < 0) {
                        return -1;
                    }
                    state = EXPECT_SEPARATOR_OR_END;
            }
        }
    }

    private static boolean isWhitespace(byte c) {
        return c == ' ' || c == '\n' || c == '\r' || c == '\t';
    }

    /** The index after the literal true, false or null at i; -1 when there is none. */
    private int literalEnd(int i) {
        String lit = b[i] == 't' ? "true" : b[i] == 'f' ? "false" : b[i] == 'n' ? "null" : null;
        if (lit == null || i + lit.length() > end) {
            return -1;
        }
        for (int k = 1; k < lit.length(); k++) {
            if (b[i + k] != lit.charAt(k)) {
                return -1;
            }
        }
        return i + lit.length();
    }

    /** Skips the next value and returns its byte span as {start, end} (absolute indexes). */
    public long skipValueSpan() {
        skipSeparator();
        skipWhitespace();
        int s = pos;
        skipValue();
        return ((long) s << 32) | (pos & 0xffffffffL);
    }

    /**
     * A reader for the next value alone, from its first byte to the end of this reader's input: it
     * reads that value (and may stop inside it on a type error), then {@link #skipPast} moves this
     * reader over it, so that an array of large elements is read in one pass, not skipped and then
     * read again.
     */
    public JsonReader valueReader() {
        skipSeparator();
        skipWhitespace();
        return new JsonReader(b, pos, end - pos, keys, q == 2, maxDepth - depth);
    }

    /**
     * Moves past the value that {@code inner} (from {@link #valueReader()}) has read completely,
     * returning its span like {@link #skipValueSpan()}; the value was validated by {@code inner}.
     */
    public long skipPast(JsonReader inner) {
        if (inner.b != b || inner.start != pos || inner.depth != 0 || inner.pos <= pos) {
            throw new IllegalStateException("skipPast: the inner reader has not read a whole value at " + pos);
        }
        int s = pos;
        pos = inner.pos;
        valueDone();
        return ((long) s << 32) | (pos & 0xffffffffL);
    }

    /** After the top-level value: only whitespace may follow. */
    public void endDocument() {
        skipWhitespace();
        if (pos < end) {
            throw error("unexpected " + describe(pos) + " after the end of the JSON value");
        }
        if (depth != 0) {
            throw truncated(inObject ? "object" : "array");
        }
    }

    /** Byte offset relative to the start of the input, for messages. */
    public int offset() {
        return at(pos);
    }

    /** Offset of an index in the JSON text (in CSV-quoted input, doubled quotes count once). */
    private int at(int index) {
        if (q == 1) {
            return index - start;
        }
        int quotes = 0;
        for (int k = start; k < index && k < end; k++) {
            if (b[k] == '"') {
                quotes++;
            }
        }
        return index - start - quotes / 2;
    }

    // ------------------------------------------------------------------ internals

    private void push(boolean object) {
        if (depth >= maxDepth) {
            throw error("nesting deeper than " + MAX_DEPTH + " levels");
        }
        if (depth == savedInObject.length) {
            savedInObject = java.util.Arrays.copyOf(savedInObject, depth * 2);
            savedNeedComma = java.util.Arrays.copyOf(savedNeedComma, depth * 2);
        }
        savedInObject[depth] = inObject;
        savedNeedComma[depth] = needComma;
        depth++;
        inObject = object;
        needComma = false;
        expectValueAfterName = false;
    }

    private void pop() {
        depth--;
        inObject = savedInObject[depth];
        needComma = savedNeedComma[depth];
        valueDone();
    }

    private void valueDone() {
        expectValueAfterName = false;
        needComma = depth > 0;
    }

    private void expect(JsonToken wanted, String what) {
        JsonToken t = peek();
        if (t != wanted) {
            throw typeError(what, t);
        }
        pos++;
    }

    /** Consumes whitespace and, between members, exactly one ','. */
    private void skipSeparator() {
        skipWhitespace();
        if (!needComma || expectValueAfterName || pos >= end) {
            return;
        }
        byte c = b[pos];
        if (c == ',') {
            pos++;
            needComma = false;
            skipWhitespace();
            if (pos < end && (b[pos] == '}' || b[pos] == ']')) {
                throw error("trailing ',' before " + describe(pos));
            }
            return;
        }
        if (c == '}' || c == ']') {
            return;
        }
        throw error("expected ',' or '" + (inObject ? '}' : ']') + "' but found " + describe(pos));
    }

    private void skipWhitespace() {
        while (pos < end) {
            byte c = b[pos];
            if (c > ' ' || (c != ' ' && c != '\n' && c != '\r' && c != '\t')) {
                return;
            }
            pos++;
        }
    }

    private boolean matchLiteral(String lit) {
        int n = lit.length();
        if (pos + n > end) {
            if (end - pos > 0 && lit.startsWith(new String(b, pos, end - pos, StandardCharsets.ISO_8859_1))) {
                throw truncated("literal");
            }
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (b[pos + i] != lit.charAt(i)) {
                return false;
            }
        }
        pos += n;
        return true;
    }

    // set by scanString
    private boolean hasEscape;
    private boolean asciiOnly;

    /** Validates a string body starting after the opening quote; returns the index of the closing quote. */
    private int scanString(int i) {
        int e = stringEnd(i);
        if (e < 0) {
            throw stringError(-1 - e);
        }
        return e;
    }

    /**
     * The index of the closing quote of the string body starting at i, or -1 - (where it goes wrong)
     * for {@link #stringError}: the fast skip only needs to know that it is wrong, not why.
     */
    private int stringEnd(int i) {
        boolean esc = false;
        boolean ascii = true;
        while (true) {
            i = ByteScan.nextJsonSpecial(b, i, end);
            if (i >= end) {
                return -1 - i;
            }
            int c = b[i];
            if (c == '"') {
                if (q == 2 && (i + 1 >= end || b[i + 1] != '"')) {
                    return -1 - i;
                }
                hasEscape = esc;
                asciiOnly = ascii;
                return i;
            }
            if (c == '\\') {
                esc = true;
                int n = i + 1 < end ? b[i + 1] : -1;
                if (n == '"') {
                    i += 1 + q;
                } else if (n == '\\' || n == '/' || n == 'b' || n == 'f' || n == 'n' || n == 'r' || n == 't') {
                    i += 2;
                } else if (n == 'u' && i + 6 <= end && hex(b[i + 2]) >= 0 && hex(b[i + 3]) >= 0
                        && hex(b[i + 4]) >= 0 && hex(b[i + 5]) >= 0) {
                    i += 6;
                } else {
                    return -1 - i;
                }
                continue;
            }
            if (c >= 0) { // a control character
                return -1 - i;
            }
            ascii = false;
            int next = ByteScan.utf8SequenceEnd(b, i, end);
            if (next < 0) {
                return -1 - i;
            }
            i = next;
        }
    }

    /** Why the string scan stopped at i (see {@link #stringEnd}). */
    private JsonException stringError(int i) {
        if (i >= end) {
            return truncated("string");
        }
        int c = b[i];
        if (c == '"') {
            return error("a single '\"' inside CSV-quoted JSON at byte " + at(i));
        }
        if (c == '\\') {
            if (i + 1 >= end || (b[i + 1] == 'u' && i + 6 > end)) {
                return truncated("string");
            }
            byte n = b[i + 1];
            if (n == 'u') {
                return error("invalid \\u escape at byte " + at(i));
            }
            return error("invalid escape '\\" + printable(n) + "' in string at byte " + at(i));
        }
        if (c >= 0) {
            return error("unescaped control character 0x" + Integer.toHexString(c) + " in string at byte " + at(i));
        }
        return invalidUtf8(i);
    }

    private JsonException invalidUtf8(int i) {
        StringBuilder sb = new StringBuilder("invalid UTF-8 byte sequence at byte ").append(at(i)).append(':');
        for (int k = i; k < Math.min(end, i + 4); k++) {
            sb.append(String.format(" %02X", b[k] & 0xff));
        }
        return new JsonException(sb.toString(), at(i));
    }

    /** The string [s, e) from the key cache (keyed by its raw bytes, escapes included), decoding it once. */
    private String shared(int s, int e) {
        return keys == null ? decode(s, e) : keys.value(b, s, e - s, decoder);
    }

    private String decode(int s, int e) {
        if (!hasEscape) {
            return new String(b, s, e - s, asciiOnly ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        }
        return decodeEscaped(b, s, e, q);
    }

    /**
     * Reads the next string value without decoding it: its content span, to be decoded later with
     * {@link #decodeSpan} only if it is ever needed. 0 for JSON null.
     */
    public long nextStringSpan() {
        JsonToken t = peek();
        if (t == JsonToken.NULL) {
            nextNull();
            return 0;
        }
        if (t != JsonToken.STRING) {
            throw typeError("a string", t);
        }
        int s = pos + q;
        int e = scanString(s);
        pos = e + q;
        valueDone();
        return ((long) s << 32) | e | (hasEscape ? ESCAPED : 0);
    }

    private static final long ESCAPED = 1L << 31;

    /** The string of a span from {@link #nextStringSpan()}; null for 0. */
    public static String decodeSpan(byte[] b, long span, boolean csvQuoted) {
        if (span == 0) {
            return null;
        }
        int s = (int) (span >>> 32);
        int e = (int) (span & 0x7fffffff);
        if ((span & ESCAPED) == 0) {
            return new String(b, s, e - s, StandardCharsets.UTF_8);
        }
        return decodeEscaped(b, s, e, csvQuoted ? 2 : 1);
    }

    /**
     * Decodes a validated string span that holds escapes into one UTF-8 buffer and makes one String
     * of it. Escaped JSON inside JSON (kubectl's last-applied-configuration annotation) has an escape
     * every few bytes, and a String per run between them was the largest allocation of pod specs.
     * The decoded bytes never outnumber the escaped ones. A lone surrogate escape, which UTF-8
     * cannot carry, is left to {@link #decodeEscapedChars}.
     */
    private static String decodeEscaped(byte[] b, int s, int e, int q) {
        byte[] out = new byte[e - s];
        int n = 0;
        int i = s;
        while (i < e) {
            int run = i;
            while (i < e && b[i] != '\\') {
                i++;
            }
            if (i > run) {
                System.arraycopy(b, run, out, n, i - run);
                n += i - run;
                if (i >= e) {
                    break;
                }
            }
            int c = shortEscape(b[i + 1]);
            if (c >= 0) {
                out[n++] = (byte) c;
                i += c == '"' ? 1 + q : 2;
                continue;
            }
            int cp = hex4(b, i + 2); // a u escape (four hex digits), validated by the scan
            i += 6;
            if (cp >= 0xD800 && cp <= 0xDFFF) {
                int low = cp <= 0xDBFF && i + 6 <= e && b[i] == '\\' && b[i + 1] == 'u' ? hex4(b, i + 2) : -1;
                if (low < 0xDC00 || low > 0xDFFF) {
                    return decodeEscapedChars(b, s, e, q);
                }
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                i += 6;
            }
            if (cp < 0x80) {
                out[n++] = (byte) cp;
                continue;
            }
            if (cp < 0x800) {
                out[n++] = (byte) (0xC0 | cp >> 6);
            } else if (cp < 0x10000) {
                out[n++] = (byte) (0xE0 | cp >> 12);
                out[n++] = (byte) (0x80 | (cp >> 6 & 0x3F));
            } else {
                out[n++] = (byte) (0xF0 | cp >> 18);
                out[n++] = (byte) (0x80 | (cp >> 12 & 0x3F));
                out[n++] = (byte) (0x80 | (cp >> 6 & 0x3F));
            }
            out[n++] = (byte) (0x80 | (cp & 0x3F));
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** The character a two-byte escape stands for (an escaped quote takes one byte more in CSV-quoted text); -1 for a u escape. */
    private static int shortEscape(byte n) {
        switch (n) {
            case '"': return '"';
            case '\\': return '\\';
            case '/': return '/';
            case 'b': return '\b';
            case 'f': return '\f';
            case 'n': return '\n';
            case 'r': return '\r';
            case 't': return '\t';
            default: return -1;
        }
    }

    private static int hex4(byte[] b, int i) {
        return (hex(b[i]) << 12) | (hex(b[i + 1]) << 8) | (hex(b[i + 2]) << 4) | hex(b[i + 3]);
    }

    /** The same decoding a UTF-16 char at a time: the only way to keep a lone surrogate escape. */
    static String decodeEscapedChars(byte[] b, int s, int e, int q) {
        StringBuilder sb = new StringBuilder(e - s);
        int i = s;
        int runStart = s;
        while (i < e) {
            if (b[i] != '\\') {
                i++;
                continue;
            }
            if (i > runStart) {
                sb.append(new String(b, runStart, i - runStart, StandardCharsets.UTF_8));
            }
            int c = shortEscape(b[i + 1]);
            if (c >= 0) {
                sb.append((char) c);
                i += c == '"' ? 1 + q : 2;
            } else { // a u escape (four hex digits), validated by the scan
                sb.append((char) hex4(b, i + 2));
                i += 6;
            }
            runStart = i;
        }
        if (e > runStart) {
            sb.append(new String(b, runStart, e - runStart, StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    /** Validates a number per the JSON grammar; returns the index after it. */
    private int scanNumber(int s) {
        int e = numberEnd(s);
        if (e < 0) {
            throw -1 - e >= end ? truncated("number") : error("invalid number at byte " + at(s));
        }
        return e;
    }

    /** The index after the number starting at i, or -1 - (where it goes wrong): see {@link #scanNumber}. */
    private int numberEnd(int i) {
        if (i < end && b[i] == '-') {
            i++;
        }
        if (i >= end) {
            return -1 - i;
        }
        if (b[i] == '0') {
            i++;
        } else if (b[i] >= '1' && b[i] <= '9') {
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
        } else {
            return -1 - i;
        }
        if (i < end && b[i] == '.') {
            i++;
            int d = i;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == d) {
                return -1 - i;
            }
        }
        if (i < end && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < end && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int d = i;
            while (i < end && b[i] >= '0' && b[i] <= '9') {
                i++;
            }
            if (i == d) {
                return -1 - i;
            }
        }
        if (i < end) {
            byte c = b[i];
            if (!(c == ',' || c == '}' || c == ']' || isWhitespace(c))) {
                return -1 - i;
            }
        }
        return i;
    }

    private JsonException typeError(String wanted, JsonToken found) {
        if (found == JsonToken.END_DOCUMENT) {
            return truncated("value");
        }
        return error("expected " + wanted + " but found " + found.describe());
    }

    private JsonException truncated(String inside) {
        return new JsonException("truncated JSON: input ends inside " + article(inside) + " at byte " + at(end), at(end));
    }

    private static String article(String s) {
        return ("object".equals(s) || "array".equals(s)) ? "an " + s : "a " + s;
    }

    private JsonException error(String message) {
        String m = message.contains(" at byte ") ? message : message + " at byte " + at(pos);
        return new JsonException("invalid JSON: " + m, at(pos));
    }

    private String describe(int i) {
        if (i >= end) {
            return "end of input";
        }
        int c = b[i] & 0xff;
        if (c >= 0x21 && c < 0x7f) {
            return "'" + (char) c + "'";
        }
        return String.format("byte 0x%02X", c);
    }

    private static String printable(byte c) {
        int v = c & 0xff;
        return (v >= 0x21 && v < 0x7f) ? String.valueOf((char) v) : String.format("\\x%02X", v);
    }
}
