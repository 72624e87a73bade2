package io.kubeaudit.detection;

import io.kubeaudit.lookup.MaxMindDb;

import java.util.HashMap;

/**
 * The country of a source address (catalog §3.1 dimension {@code country}), from the GeoIP database
 * of {@code geoip_db}; looked up only when a baseline asks, and remembered per address, since the
 * same addresses repeat. One per {@link Detector}: not thread-safe.
 */
public final class GeoIp {
    private static final int CAPACITY = 65_536;
    private static final String NONE = "";

    private final MaxMindDb db;
    private final HashMap<String, String> cache = new HashMap<>();

    GeoIp(MaxMindDb db) {
        this.db = db;
    }

    /** ISO country code of an address, null when unknown (no database, private or unlisted address). */
    public String country(String ip) {
        if (db == null || ip == null) {
            return null;
        }
        String c = cache.get(ip);
        if (c == null) {
            IpAddress a = IpAddress.parse(ip);
            c = a == null || !a.isPublic() ? null : db.country(a.bytes());
            if (cache.size() >= CAPACITY) {
                cache.clear();
            }
            c = c == null ? NONE : c;
            cache.put(ip, c);
        }
        return c.isEmpty() ? null : c;
    }
}
