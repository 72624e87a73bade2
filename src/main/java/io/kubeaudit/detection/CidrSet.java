package io.kubeaudit.detection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A set of addresses and CIDR ranges (IPv4 and IPv6), looked up by binary search over merged
 * intervals, so that lists of thousands of ranges (cloud provider ranges, threat feeds) stay fast.
 */
final class CidrSet {
    private long[] startHi = new long[0];
    private long[] startLo = new long[0];
    private long[] endHi = new long[0];
    private long[] endLo = new long[0];
    private final List<String> invalid = new ArrayList<>();

    CidrSet(Collection<String> entries) {
        List<long[]> ranges = new ArrayList<>();
        for (String e : entries) {
            long[] r = range(e.trim());
            if (r == null) {
                invalid.add(e);
            } else {
                ranges.add(r);
            }
        }
        ranges.sort((a, b) -> compare(a[0], a[1], b[0], b[1]));
        List<long[]> merged = new ArrayList<>();
        for (long[] r : ranges) {
            if (!merged.isEmpty()) {
                long[] last = merged.get(merged.size() - 1);
                if (compare(r[0], r[1], last[2], last[3]) <= 0) {
                    if (compare(r[2], r[3], last[2], last[3]) > 0) {
                        last[2] = r[2];
                        last[3] = r[3];
                    }
                    continue;
                }
            }
            merged.add(r);
        }
        int n = merged.size();
        startHi = new long[n];
        startLo = new long[n];
        endHi = new long[n];
        endLo = new long[n];
        for (int i = 0; i < n; i++) {
            long[] r = merged.get(i);
            startHi[i] = r[0];
            startLo[i] = r[1];
            endHi[i] = r[2];
            endLo[i] = r[3];
        }
    }

    boolean isEmpty() {
        return startHi.length == 0;
    }

    /** Entries that were neither an address nor a CIDR. */
    List<String> invalid() {
        return invalid;
    }

    boolean contains(IpAddress ip) {
        if (ip == null || startHi.length == 0) {
            return false;
        }
        int lo = 0;
        int hi = startHi.length - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (compare(startHi[mid], startLo[mid], ip.hi(), ip.lo()) > 0) {
                hi = mid - 1;
            } else if (compare(endHi[mid], endLo[mid], ip.hi(), ip.lo()) < 0) {
                lo = mid + 1;
            } else {
                return true;
            }
        }
        return false;
    }

    boolean contains(String ip) {
        return contains(IpAddress.parse(ip));
    }

    private static long[] range(String e) {
        int slash = e.indexOf('/');
        String addr = slash < 0 ? e : e.substring(0, slash);
        IpAddress ip = IpAddress.parse(addr);
        if (ip == null) {
            return null;
        }
        int bits;
        if (slash < 0) {
            bits = 128;
        } else {
            try {
                bits = Integer.parseInt(e.substring(slash + 1));
            } catch (NumberFormatException x) {
                return null;
            }
            boolean v4 = addr.indexOf(':') < 0;
            if (bits < 0 || bits > (v4 ? 32 : 128)) {
                return null;
            }
            if (v4) {
                bits += 96;
            }
        }
        long maskHi = bits >= 64 ? -1L : (bits == 0 ? 0 : -1L << (64 - bits));
        long maskLo = bits <= 64 ? 0 : (bits == 128 ? -1L : -1L << (128 - bits));
        long sHi = ip.hi() & maskHi;
        long sLo = ip.lo() & maskLo;
        return new long[] {sHi, sLo, sHi | ~maskHi, sLo | ~maskLo};
    }

    private static int compare(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }
}
