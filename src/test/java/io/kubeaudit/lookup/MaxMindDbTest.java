package io.kubeaudit.lookup;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MaxMindDbTest {

    private static Map<String, Object> city(String iso, String name, String city) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("city", Map.of("geoname_id", 2950159, "names", Map.of("en", city)));
        m.put("continent", Map.of("code", "EU", "names", Map.of("en", "Europe", "de", "Europa")));
        m.put("country", Map.of("geoname_id", 2921044, "iso_code", iso, "names", Map.of("en", name)));
        m.put("location", Map.of("accuracy_radius", 200, "latitude", 52.52, "longitude", 13.405));
        m.put("subdivisions", List.of(Map.of("iso_code", "BE", "names", Map.of("en", "Land Berlin"))));
        return m;
    }

    private static byte[] database(int recordSize) throws Exception {
        MmdbWriter w = new MmdbWriter(recordSize);
        w.add("81.2.69.0/24", city("DE", "Germany", "Berlin"));
        int gb = w.add("2.125.160.216/29", city("GB", "United Kingdom", "Boxford"));
        w.network("89.160.20.112/28", gb);
        // only a registered country (an anycast or satellite range)
        w.add("67.43.156.0/24", Map.of("registered_country", Map.of("iso_code", "BT", "names", Map.of("en", "Bhutan"))));
        // a country given as a pointer to data written before, as MaxMind's writers share it
        Map<String, Object> shared = new LinkedHashMap<>();
        shared.put("country", new MmdbWriter.Pointer(0));
        w.add("175.16.199.0/24", Map.of("traits", Map.of("is_anycast", false), "represented", shared));
        w.add("2001:218::/32", city("JP", "Japan", "Tokyo"));
        w.add("2a02:cf40::/29", city("NO", "Norway", "Oslo"));
        return w.build();
    }

    private static byte[] ip(String s) throws Exception {
        return InetAddress.getByName(s).getAddress();
    }

    @ParameterizedTest
    @ValueSource(ints = {24, 28, 32})
    void countriesOfIpv4AndIpv6AddressesForEveryRecordSize(int recordSize) throws Exception {
        MaxMindDb db = MaxMindDb.of(MmdbWriter.buffer(database(recordSize)), "test.mmdb");
        assertEquals("Test-City", db.databaseType());
        assertEquals("DE", db.country(ip("81.2.69.160")));
        assertEquals("DE", db.country(ip("81.2.69.0")));
        assertEquals("DE", db.country(ip("81.2.69.255")));
        assertNull(db.country(ip("81.2.70.1")));
        assertEquals("GB", db.country(ip("2.125.160.217")));
        assertNull(db.country(ip("2.125.160.224")), "just outside the /29");
        assertEquals("GB", db.country(ip("89.160.20.120")), "a second network of the same record");
        assertEquals("BT", db.country(ip("67.43.156.7")), "registered_country when there is no country");
        assertEquals("JP", db.country(ip("2001:218:1234::1")));
        assertEquals("NO", db.country(ip("2a02:cf47:ffff::1")));
        assertNull(db.country(ip("2a02:cf48::1")));
        assertNull(db.country(ip("10.0.0.1")));
        assertNull(db.country(ip("::1")));
        // IPv4-mapped IPv6 form of an IPv4 address
        byte[] mapped = new byte[16];
        mapped[10] = (byte) 0xff;
        mapped[11] = (byte) 0xff;
        System.arraycopy(ip("81.2.69.160"), 0, mapped, 12, 4);
        assertEquals("DE", db.country(mapped));
    }

    @Test
    void aRecordWhoseCountryIsAPointerIsNotMistakenForOne() throws Exception {
        MaxMindDb db = MaxMindDb.of(MmdbWriter.buffer(database(24)), "test.mmdb");
        // "represented" holds the pointer; the record itself has no country, so no country is given
        assertNull(db.country(ip("175.16.199.1")));
    }

    @Test
    void readFromAFileByMapping() throws Exception {
        Path f = Files.createTempFile("geo", ".mmdb");
        try {
            Files.write(f, database(28));
            assertEquals("JP", MaxMindDb.open(f).country(ip("2001:218::7")));
        } finally {
            Files.delete(f);
        }
    }

    @Test
    void filesThatAreNotMaxMindDatabasesAreRejectedWithTheReason() throws Exception {
        IOException none = assertThrows(IOException.class,
                () -> MaxMindDb.of(MmdbWriter.buffer("just text".getBytes()), "x.mmdb"));
        assertTrue(none.getMessage().contains("x.mmdb: no MaxMind DB metadata marker"), none.getMessage());

        byte[] db = database(24);
        int marker = indexOf(db, "MaxMind.com".getBytes()) - 3;
        byte[] truncated = Arrays.copyOfRange(db, marker - 20, db.length); // the tree and most data missing
        IOException cut = assertThrows(IOException.class, () -> MaxMindDb.of(MmdbWriter.buffer(truncated), "cut.mmdb"));
        assertTrue(cut.getMessage().contains("does not fit the file"), cut.getMessage());
    }

    @Test
    void aDamagedDataSectionGivesNoCountryInsteadOfFailing() throws Exception {
        byte[] db = database(24);
        MaxMindDb ok = MaxMindDb.of(MmdbWriter.buffer(db), "ok.mmdb");
        assertEquals("DE", ok.country(ip("81.2.69.1")));
        // overwrite the first record's data with control bytes of an unknown extended type
        int data = indexOf(db, "Berlin".getBytes()) - 40;
        for (int i = 0; i < 40; i++) {
            db[data + i] = (byte) 0x00;
            db[data + i + 1] = (byte) 0xff;
        }
        MaxMindDb damaged = MaxMindDb.of(MmdbWriter.buffer(db), "damaged.mmdb");
        assertNull(damaged.country(ip("81.2.69.1")));
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (hay[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
