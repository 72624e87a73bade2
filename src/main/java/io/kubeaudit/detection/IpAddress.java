package io.kubeaudit.detection;

/**
 * An IPv4 or IPv6 address as a 128-bit number (IPv4 as ::ffff:a.b.c.d), parsed without any name
 * lookup: audit sourceIPs may hold things like "gce-internal-ip" that must never reach DNS.
 */
record IpAddress(long hi, long lo) {
    private static final long V4_HI = 0L;
    private static final long V4_LO_PREFIX = 0x0000ffff00000000L;

    /** Parses a literal address (brackets and a %zone are tolerated); null when it is not one. */
    static IpAddress parse(String s) {
        if (s == null || s.isEmpty() || s.length() > 64) {
            return null;
        }
        if (s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']') {
            s = s.substring(1, s.length() - 1);
        }
        int zone = s.indexOf('%');
        if (zone >= 0) {
            s = s.substring(0, zone);
        }
        if (s.indexOf(':') < 0) {
            long v4 = parseV4(s);
            return v4 < 0 ? null : new IpAddress(V4_HI, V4_LO_PREFIX | v4);
        }
        return parseV6(s);
    }

    /** The address as 16 bytes, IPv4 as ::ffff:a.b.c.d. */
    byte[] bytes() {
        byte[] out = new byte[16];
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (hi >>> (56 - 8 * i));
            out[8 + i] = (byte) (lo >>> (56 - 8 * i));
        }
        return out;
    }

    boolean isV4() {
        return hi == V4_HI && (lo & 0xffffffff00000000L) == V4_LO_PREFIX;
    }

    private long v4() {
        return lo & 0xffffffffL;
    }

    boolean isLoopback() {
        return isV4() ? (v4() >>> 24) == 127 : (hi == 0 && lo == 1);
    }

    boolean isPrivate() {
        if (isLoopback()) {
            return true;
        }
        if (isV4()) {
            long a = v4();
            return (a >>> 24) == 10
                    || (a >>> 20) == (172L << 4 | 1)          // 172.16.0.0/12
                    || (a >>> 16) == (192L << 8 | 168)        // 192.168.0.0/16
                    || (a >>> 22) == (100L << 2 | 1)          // 100.64.0.0/10
                    || (a >>> 16) == (169L << 8 | 254);       // 169.254.0.0/16
        }
        long top16 = hi >>> 48;
        return (top16 & 0xfe00) == 0xfc00      // fc00::/7
                || (top16 & 0xffc0) == 0xfe80; // fe80::/10
    }

    boolean isMulticast() {
        return isV4() ? (v4() >>> 28) == 0xe : (hi >>> 56) == 0xff;
    }

    boolean isUnspecified() {
        return isV4() ? v4() == 0 : (hi == 0 && lo == 0);
    }

    /** Parseable, not private, not multicast, not unspecified (catalog §1.4). */
    boolean isPublic() {
        return !isPrivate() && !isMulticast() && !isUnspecified();
    }

    /** The /24 (IPv4) or /64 (IPv6) network, as text. */
    String network() {
        if (isV4()) {
            long a = v4();
            return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + ".0/24";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 3; i >= 0; i--) {
            sb.append(Long.toHexString((hi >>> (16 * i)) & 0xffff));
            sb.append(':');
        }
        return sb.append(":/64").toString();
    }

    static long parseV4(String s) {
        long v = 0;
        int parts = 0;
        int i = 0;
        int n = s.length();
        while (i <= n) {
            int start = i;
            int octet = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                octet = octet * 10 + (s.charAt(i) - '0');
                if (octet > 255) {
                    return -1;
                }
                i++;
            }
            if (i == start || i - start > 3) {
                return -1;
            }
            v = (v << 8) | octet;
            parts++;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != '.' || parts == 4) {
                return -1;
            }
            i++;
        }
        return parts == 4 ? v : -1;
    }

    private static IpAddress parseV6(String s) {
        int[] groups = new int[8];
        int count = 0;
        int gap = -1;
        int i = 0;
        int n = s.length();
        if (s.startsWith("::")) {
            gap = 0;
            i = 2;
            if (n == 2) {
                return new IpAddress(0, 0);
            }
        } else if (s.startsWith(":")) {
            return null;
        }
        while (i < n) {
            if (count == 8) {
                return null;
            }
            int start = i;
            int dot = s.indexOf('.', i);
            int colon = s.indexOf(':', i);
            if (dot >= 0 && (colon < 0 || dot < colon)) {
                // embedded IPv4 in the last 32 bits
                long v4 = parseV4(s.substring(i));
                if (v4 < 0 || count > 6) {
                    return null;
                }
                groups[count++] = (int) (v4 >>> 16);
                groups[count++] = (int) (v4 & 0xffff);
                i = n;
                break;
            }
            int val = 0;
            while (i < n && Character.digit(s.charAt(i), 16) >= 0) {
                val = (val << 4) | Character.digit(s.charAt(i), 16);
                i++;
            }
            if (i == start || i - start > 4) {
                return null;
            }
            groups[count++] = val;
            if (i == n) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < n && s.charAt(i) == ':') {
                if (gap >= 0) {
                    return null;
                }
                gap = count;
                i++;
                if (i == n) {
                    break;
                }
            } else if (i == n) {
                return null;
            }
        }
        if (gap < 0 && count != 8) {
            return null;
        }
        int[] full = new int[8];
        if (gap >= 0) {
            int tail = count - gap;
            System.arraycopy(groups, 0, full, 0, gap);
            System.arraycopy(groups, gap, full, 8 - tail, tail);
        } else {
            full = groups;
        }
        long hi = 0;
        long lo = 0;
        for (int k = 0; k < 4; k++) {
            hi = (hi << 16) | full[k];
            lo = (lo << 16) | full[k + 4];
        }
        return new IpAddress(hi, lo);
    }
}
