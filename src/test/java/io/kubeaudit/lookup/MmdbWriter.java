package io.kubeaudit.lookup;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes small MaxMind DB files (format 2.0, IPv6 tree with IPv4 at ::/96, as GeoLite2 is laid
 * out) from networks and their records, after the published specification, so that the reader is
 * tested on files we made. Records are maps of strings, integers, lists and maps; a value given as
 * {@link Pointer} is written as a pointer to an earlier record's value, as MaxMind's writers
 * share repeated data.
 */
public final class MmdbWriter {
    /** A value written as a pointer to the data of the record at this index (its whole map). */
    public record Pointer(int record) {
    }

    private final int recordSize;
    private final List<byte[]> prefixes = new ArrayList<>();
    private final List<Integer> prefixBits = new ArrayList<>();
    private final List<Integer> recordOf = new ArrayList<>();
    private final List<Map<String, Object>> records = new ArrayList<>();

    public MmdbWriter(int recordSize) {
        this.recordSize = recordSize;
    }

    /** Adds a record and the network (CIDR, IPv4 or IPv6) that maps to it; returns the record index. */
    public int add(String cidr, Map<String, Object> record) throws Exception {
        records.add(record);
        network(cidr, records.size() - 1);
        return records.size() - 1;
    }

    /** Another network for an existing record. */
    public void network(String cidr, int record) throws Exception {
        String[] parts = cidr.split("/");
        byte[] a = InetAddress.getByName(parts[0]).getAddress();
        int bits = Integer.parseInt(parts[1]);
        byte[] v6 = new byte[16];
        if (a.length == 4) {
            System.arraycopy(a, 0, v6, 12, 4); // ::a.b.c.d, where GeoLite2 keeps IPv4
            bits += 96;
        } else {
            v6 = a;
        }
        prefixes.add(v6);
        prefixBits.add(bits);
        recordOf.add(record);
    }

    private static final class Node {
        Object[] child = new Object[2]; // Node, Integer (record index) or null
        int id;
    }

    public byte[] build() {
        Node root = new Node();
        for (int p = 0; p < prefixes.size(); p++) {
            Node n = root;
            int bits = prefixBits.get(p);
            for (int i = 0; i < bits; i++) {
                int bit = (prefixes.get(p)[i >> 3] >> (7 - (i & 7))) & 1;
                if (i == bits - 1) {
                    n.child[bit] = recordOf.get(p);
                } else {
                    if (!(n.child[bit] instanceof Node)) {
                        n.child[bit] = new Node();
                    }
                    n = (Node) n.child[bit];
                }
            }
        }
        List<Node> nodes = new ArrayList<>();
        List<Node> queue = new ArrayList<>(List.of(root));
        while (!queue.isEmpty()) {
            Node n = queue.remove(0);
            n.id = nodes.size();
            nodes.add(n);
            for (Object c : n.child) {
                if (c instanceof Node) {
                    queue.add((Node) c);
                }
            }
        }
        // data section: the records in order, remembering where each starts
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        int[] offsets = new int[records.size()];
        for (int r = 0; r < records.size(); r++) {
            offsets[r] = data.size();
            value(data, records.get(r), offsets);
        }
        long nodeCount = nodes.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Node n : nodes) {
            long[] rec = new long[2];
            for (int side = 0; side < 2; side++) {
                Object c = n.child[side];
                rec[side] = c instanceof Node ? ((Node) c).id
                        : c == null ? nodeCount : nodeCount + 16 + offsets[(Integer) c];
            }
            writeNode(out, rec[0], rec[1]);
        }
        out.writeBytes(new byte[16]);
        out.writeBytes(data.toByteArray());
        out.writeBytes("\u00AB\u00CD\u00EFMaxMind.com".getBytes(StandardCharsets.ISO_8859_1));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("binary_format_major_version", 2);
        meta.put("binary_format_minor_version", 0);
        meta.put("build_epoch", 1_700_000_000L);
        meta.put("database_type", "Test-City");
        meta.put("description", Map.of("en", "written by the tests"));
        meta.put("ip_version", 6);
        meta.put("languages", List.of("en"));
        meta.put("node_count", nodeCount);
        meta.put("record_size", recordSize);
        value(out, meta, null);
        return out.toByteArray();
    }

    public static ByteBuffer buffer(byte[] b) {
        return ByteBuffer.wrap(b);
    }

    private void writeNode(ByteArrayOutputStream out, long left, long right) {
        switch (recordSize) {
            case 24 -> {
                out.write((int) (left >> 16)); out.write((int) (left >> 8)); out.write((int) left);
                out.write((int) (right >> 16)); out.write((int) (right >> 8)); out.write((int) right);
            }
            case 28 -> {
                out.write((int) (left >> 16)); out.write((int) (left >> 8)); out.write((int) left);
                out.write((int) (((left >> 20) & 0xf0) | ((right >> 24) & 0x0f)));
                out.write((int) (right >> 16)); out.write((int) (right >> 8)); out.write((int) right);
            }
            default -> {
                for (long v : new long[] {left, right}) {
                    out.write((int) (v >> 24)); out.write((int) (v >> 16)); out.write((int) (v >> 8)); out.write((int) v);
                }
            }
        }
    }

    private static void value(ByteArrayOutputStream out, Object v, int[] offsets) {
        if (v instanceof Pointer p) {
            int target = offsets[p.record()];
            if (target < 2048) {
                out.write(0x20 | (target >> 8));
                out.write(target);
            } else {
                target -= 2048;
                out.write(0x28 | (target >> 16));
                out.write(target >> 8);
                out.write(target);
            }
        } else if (v instanceof String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            control(out, 2, b.length);
            out.writeBytes(b);
        } else if (v instanceof Integer i) {
            control(out, 6, 4); // uint32
            out.write(i >> 24); out.write(i >> 16); out.write(i >> 8); out.write(i);
        } else if (v instanceof Long l) {
            control(out, 9, 8); // uint64
            for (int k = 7; k >= 0; k--) {
                out.write((int) (l >> (8 * k)));
            }
        } else if (v instanceof Double d) {
            control(out, 3, 8);
            long bits = Double.doubleToLongBits(d);
            for (int k = 7; k >= 0; k--) {
                out.write((int) (bits >> (8 * k)));
            }
        } else if (v instanceof Boolean b) {
            control(out, 14, b ? 1 : 0);
        } else if (v instanceof List<?> l) {
            control(out, 11, l.size());
            for (Object o : l) {
                value(out, o, offsets);
            }
        } else if (v instanceof Map<?, ?> m) {
            control(out, 7, m.size());
            for (Map.Entry<?, ?> e : m.entrySet()) {
                value(out, e.getKey(), offsets);
                value(out, e.getValue(), offsets);
            }
        } else {
            throw new IllegalArgumentException("cannot write " + v);
        }
    }

    private static void control(ByteArrayOutputStream out, int type, int size) {
        int first = type <= 7 ? type << 5 : 0;
        int sizeBits;
        byte[] extra;
        if (size < 29) {
            sizeBits = size;
            extra = new byte[0];
        } else if (size < 285) {
            sizeBits = 29;
            extra = new byte[] {(byte) (size - 29)};
        } else {
            sizeBits = 30;
            int s = size - 285;
            extra = new byte[] {(byte) (s >> 8), (byte) s};
        }
        out.write(first | sizeBits);
        if (type > 7) {
            out.write(type - 7);
        }
        out.writeBytes(extra);
    }
}
