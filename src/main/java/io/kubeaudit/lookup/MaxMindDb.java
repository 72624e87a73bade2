package io.kubeaudit.lookup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The country of an address from a MaxMind DB file (format 2.0: GeoLite2/GeoIP2 Country or City,
 * the database Splunk ships for {@code iplocation} in {@code $SPLUNK_HOME/share}). The file is
 * mapped, not read: a City database is tens of megabytes. Only what a country look-up needs is
 * decoded: the search tree, and {@code country.iso_code} (else {@code registered_country.iso_code})
 * of the record found. Not thread-safe.
 */
public final class MaxMindDb {
    private static final byte[] METADATA_MARKER = "\u00AB\u00CD\u00EFMaxMind.com".getBytes(StandardCharsets.ISO_8859_1);
    private static final int METADATA_SEARCH = 128 * 1024;
    private static final int DATA_SEPARATOR = 16;
    private static final int MAX_DEPTH = 32;

    private final ByteBuffer b;
    private final long nodeCount;
    private final int recordSize;
    private final int ipVersion;
    private final int treeSize;
    private final String databaseType;
    /** The node where IPv4 addresses start in an IPv6 tree (::/96), or 0 in an IPv4 tree. */
    private final long ipv4Start;

    private MaxMindDb(ByteBuffer b, long nodeCount, int recordSize, int ipVersion, String databaseType) {
        this.b = b;
        this.nodeCount = nodeCount;
        this.recordSize = recordSize;
        this.ipVersion = ipVersion;
        this.databaseType = databaseType;
        this.treeSize = (int) ((long) recordSize * 2 / 8 * nodeCount);
        long node = 0;
        if (ipVersion == 6) {
            for (int i = 0; i < 96 && node < nodeCount; i++) {
                node = record(node, 0);
            }
        }
        this.ipv4Start = node;
    }

    /** Opens and checks a database; the message of the exception says what is wrong with the file. */
    public static MaxMindDb open(Path file) throws IOException {
        ByteBuffer b;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() > Integer.MAX_VALUE) {
                throw new IOException(file + ": larger than 2 GB, not a MaxMind DB country or city database");
            }
            b = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
        }
        return of(b, file.toString());
    }

    /** A database held in memory (tests). */
    public static MaxMindDb of(ByteBuffer b, String name) throws IOException {
        int meta = metadataStart(b);
        if (meta < 0) {
            throw new IOException(name + ": no MaxMind DB metadata marker (not a .mmdb file?)");
        }
        Decoder d = new Decoder(b, meta);
        long nodes = -1;
        int recordSize = -1;
        int ipVersion = -1;
        int major = -1;
        String type = null;
        try {
            int pairs = d.mapAt(meta);
            for (int i = 0; i < pairs; i++) {
                String key = d.string();
                switch (key) {
                    case "node_count" -> nodes = d.unsigned();
                    case "record_size" -> recordSize = (int) d.unsigned();
                    case "ip_version" -> ipVersion = (int) d.unsigned();
                    case "binary_format_major_version" -> major = (int) d.unsigned();
                    case "database_type" -> type = d.string();
                    default -> d.skip();
                }
            }
        } catch (RuntimeException e) {
            throw new IOException(name + ": unreadable MaxMind DB metadata (" + e.getMessage() + ")");
        }
        if (major != 2) {
            throw new IOException(name + ": MaxMind DB format version " + major + ", only version 2 is read");
        }
        if (recordSize != 24 && recordSize != 28 && recordSize != 32) {
            throw new IOException(name + ": record size " + recordSize + " (expected 24, 28 or 32)");
        }
        if (ipVersion != 4 && ipVersion != 6) {
            throw new IOException(name + ": ip_version " + ipVersion + " (expected 4 or 6)");
        }
        long treeSize = (long) recordSize * 2 / 8 * nodes;
        if (nodes <= 0 || treeSize + DATA_SEPARATOR > meta) {
            throw new IOException(name + ": node count " + nodes + " does not fit the file");
        }
        return new MaxMindDb(b, nodes, recordSize, ipVersion, type);
    }

    public String databaseType() {
        return databaseType;
    }

    /**
     * The ISO 3166 country code of an address given as 16 bytes (IPv6, IPv4 as ::ffff:a.b.c.d) or 4
     * bytes (IPv4); null when the database has no country for it.
     */
    public String country(byte[] address) {
        long node;
        int bits;
        int from;
        if (address.length == 4 || isV4Mapped(address)) {
            node = ipv4Start;
            from = address.length == 4 ? 0 : 12;
            bits = 32;
        } else {
            if (ipVersion == 4) {
                return null;
            }
            node = 0;
            from = 0;
            bits = 128;
        }
        for (int i = 0; i < bits && node < nodeCount; i++) {
            int bit = (address[from + (i >> 3)] >> (7 - (i & 7))) & 1;
            node = record(node, bit);
        }
        if (node <= nodeCount) {
            return null; // a dead end (== node count), or the address ran out inside the tree
        }
        long offset = node - nodeCount - DATA_SEPARATOR;
        int dataStart = treeSize + DATA_SEPARATOR;
        if (offset < 0 || dataStart + offset >= b.limit()) {
            return null;
        }
        try {
            return isoCode(new Decoder(b, dataStart), dataStart + (int) offset);
        } catch (RuntimeException e) {
            return null; // a damaged record: no country rather than a failed search
        }
    }

    private static boolean isV4Mapped(byte[] a) {
        if (a.length != 16) {
            return false;
        }
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return (a[10] == (byte) 0xff && a[11] == (byte) 0xff) || (a[10] == 0 && a[11] == 0);
    }

    private long record(long node, int side) {
        int base = (int) (node * recordSize * 2 / 8);
        switch (recordSize) {
            case 24: {
                int p = base + side * 3;
                return ((b.get(p) & 0xffL) << 16) | ((b.get(p + 1) & 0xffL) << 8) | (b.get(p + 2) & 0xffL);
            }
            case 28: {
                int middle = b.get(base + 3) & 0xff;
                if (side == 0) {
                    return ((long) (middle & 0xf0) << 20) | ((b.get(base) & 0xffL) << 16)
                            | ((b.get(base + 1) & 0xffL) << 8) | (b.get(base + 2) & 0xffL);
                }
                return ((long) (middle & 0x0f) << 24) | ((b.get(base + 4) & 0xffL) << 16)
                        | ((b.get(base + 5) & 0xffL) << 8) | (b.get(base + 6) & 0xffL);
            }
            default: {
                int p = base + side * 4;
                return b.getInt(p) & 0xffffffffL;
            }
        }
    }

    /** country.iso_code, else registered_country.iso_code, of the map at a position. */
    private static String isoCode(Decoder d, int position) {
        int pairs = d.mapAt(position);
        String registered = null;
        for (int i = 0; i < pairs; i++) {
            String key = d.string();
            if (key.equals("country") || key.equals("registered_country")) {
                String code = d.memberString("iso_code");
                if (key.equals("country") && code != null) {
                    return code;
                }
                if (registered == null) {
                    registered = code;
                }
            } else {
                d.skip();
            }
        }
        return registered;
    }

    private static int metadataStart(ByteBuffer b) {
        int limit = b.limit();
        int stop = Math.max(0, limit - METADATA_SEARCH);
        outer:
        for (int i = limit - METADATA_MARKER.length; i >= stop; i--) {
            for (int k = 0; k < METADATA_MARKER.length; k++) {
                if (b.get(i + k) != METADATA_MARKER[k]) {
                    continue outer;
                }
            }
            return i + METADATA_MARKER.length;
        }
        return -1;
    }

    /**
     * The data section's encoding (MaxMind DB spec, "Data Section"): a control byte with the type in
     * its top three bits and a size; pointers are relative to the section start. Decodes what the
     * country look-up and the metadata need and skips the rest.
     */
    private static final class Decoder {
        private static final int POINTER = 1;
        private static final int UTF8 = 2;
        private static final int DOUBLE = 3;
        private static final int UINT16 = 5;
        private static final int UINT32 = 6;
        private static final int MAP = 7;
        private static final int INT32 = 8;
        private static final int UINT64 = 9;
        private static final int UINT128 = 10;
        private static final int ARRAY = 11;
        private static final int BOOLEAN = 14;
        private static final int FLOAT = 15;

        private final ByteBuffer b;
        private final int base;
        private int pos;
        private int depth;

        Decoder(ByteBuffer b, int base) {
            this.b = b;
            this.base = base;
        }

        /** Moves to the map at an absolute position (following a pointer there); its pair count. */
        int mapAt(int position) {
            pos = position;
            int[] ts = typeAndSize();
            if (ts[0] == POINTER) {
                pos = base + ts[1];
                ts = typeAndSize();
            }
            if (ts[0] != MAP) {
                throw new IllegalStateException("expected a map, found type " + ts[0]);
            }
            return ts[1];
        }

        /** A string value at the current position (following a pointer if there is one). */
        String string() {
            int[] ts = typeAndSize();
            if (ts[0] == POINTER) {
                int back = follow(ts[1]);
                String s = string();
                unfollow(back);
                return s;
            }
            if (ts[0] != UTF8) {
                throw new IllegalStateException("expected a string, found type " + ts[0]);
            }
            return new String(bytes(ts[1]), StandardCharsets.UTF_8);
        }

        /** An unsigned integer value at the current position. */
        long unsigned() {
            int[] ts = typeAndSize();
            if (ts[0] == POINTER) {
                int back = follow(ts[1]);
                long v = unsigned();
                unfollow(back);
                return v;
            }
            if (ts[0] != UINT16 && ts[0] != UINT32 && ts[0] != UINT64 && ts[0] != INT32) {
                throw new IllegalStateException("expected an integer, found type " + ts[0]);
            }
            long v = 0;
            for (int i = 0; i < ts[1]; i++) {
                v = (v << 8) | (b.get(pos++) & 0xff);
            }
            return v;
        }

        /** The string member {@code name} of the map value at the current position (null if absent); skips the map. */
        String memberString(String name) {
            int[] ts = typeAndSize();
            if (ts[0] == POINTER) {
                int back = follow(ts[1]);
                String v = memberString(name);
                unfollow(back);
                return v;
            }
            if (ts[0] != MAP) {
                skipPayload(ts);
                return null;
            }
            String found = null;
            for (int i = 0; i < ts[1]; i++) {
                String key = string();
                if (found == null && key.equals(name)) {
                    int[] vt = peekType();
                    if (vt[0] == UTF8 || vt[0] == POINTER) {
                        found = string();
                        continue;
                    }
                }
                skip();
            }
            return found;
        }

        /** Jumps to a pointer's target (a damaged file could loop); returns where to come back to. */
        private int follow(int target) {
            if (++depth > MAX_DEPTH) {
                throw new IllegalStateException("pointers nested deeper than " + MAX_DEPTH);
            }
            int back = pos;
            pos = base + target;
            return back;
        }

        private void unfollow(int back) {
            depth--;
            pos = back;
        }

        private int[] peekType() {
            int back = pos;
            int[] ts = typeAndSize();
            pos = back;
            return ts;
        }

        /** Skips the value at the current position. */
        void skip() {
            skipPayload(typeAndSize());
        }

        private void skipPayload(int[] ts) {
            switch (ts[0]) {
                case POINTER, BOOLEAN -> { }
                case MAP, ARRAY -> {
                    if (++depth > MAX_DEPTH) {
                        throw new IllegalStateException("data nested deeper than " + MAX_DEPTH);
                    }
                    int n = ts[0] == MAP ? ts[1] * 2 : ts[1];
                    for (int i = 0; i < n; i++) {
                        skip();
                    }
                    depth--;
                }
                default -> pos += ts[1];
            }
        }

        private byte[] bytes(int n) {
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) {
                out[i] = b.get(pos++);
            }
            return out;
        }

        /** {type, size}; for a pointer {POINTER, target offset}. */
        private int[] typeAndSize() {
            int ctrl = b.get(pos++) & 0xff;
            int type = ctrl >>> 5;
            if (type == POINTER) {
                int ss = (ctrl >>> 3) & 3;
                int v = ctrl & 7;
                int target;
                switch (ss) {
                    case 0 -> target = (v << 8) | next();
                    case 1 -> target = ((v << 16) | (next() << 8) | next()) + 2048;
                    case 2 -> target = ((v << 24) | (next() << 16) | (next() << 8) | next()) + 526_336;
                    default -> target = (next() << 24) | (next() << 16) | (next() << 8) | next();
                }
                return new int[] {POINTER, target};
            }
            if (type == 0) {
                type = 7 + next();
            }
            int size = ctrl & 0x1f;
            if (size == 29) {
                size = 29 + next();
            } else if (size == 30) {
                size = 285 + ((next() << 8) | next());
            } else if (size == 31) {
                size = 65_821 + ((next() << 16) | (next() << 8) | next());
            }
            if (type == DOUBLE && size != 8 || type == FLOAT && size != 4 || type > FLOAT) {
                throw new IllegalStateException("bad data field (type " + type + ", size " + size + ")");
            }
            if (type == UINT128 && size > 16) {
                throw new IllegalStateException("bad uint128 size " + size);
            }
            return new int[] {type, size};
        }

        private int next() {
            return b.get(pos++) & 0xff;
        }
    }
}
