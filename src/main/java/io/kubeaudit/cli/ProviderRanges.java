package io.kubeaudit.cli;

import io.kubeaudit.json.Json;
import io.kubeaudit.json.JsonException;
import io.kubeaudit.lookup.CsvFile;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the cloud-provider ranges lookup ({@code lookups/kube_audit_cloud_provider_ranges.csv})
 * from the address-range files the providers publish, which the admin downloads:
 * AWS {@code https://ip-ranges.amazonaws.com/ip-ranges.json}, Google Cloud
 * {@code https://www.gstatic.com/ipranges/cloud.json} and Azure's "Service Tags - Public" JSON. The
 * kind of each file is recognised from its content.
 */
final class ProviderRanges {
    record Range(String cidr, String provider, String region, String service) {
    }

    private ProviderRanges() {
    }

    static List<Range> read(Path file) throws IOException {
        Object doc;
        try {
            doc = Json.parse(Files.readAllBytes(file));
        } catch (JsonException e) {
            throw new IOException("not JSON: " + e.getMessage());
        }
        List<Range> out = new ArrayList<>();
        if (Json.get(doc, "syncToken") != null && Json.get(doc, "prefixes") != null && Json.get(doc, "ipv6_prefixes") != null) {
            aws(doc, out);
        } else if (Json.get(doc, "prefixes") != null && Json.get(doc, "syncToken") != null) {
            google(doc, out);
        } else if (Json.get(doc, "values") != null && Json.get(doc, "changeNumber") != null) {
            azure(doc, out);
        } else {
            throw new IOException("neither AWS ip-ranges.json, Google cloud.json nor Azure ServiceTags JSON");
        }
        return out;
    }

    private static void aws(Object doc, List<Range> out) {
        for (String[] kind : new String[][] {{"prefixes", "ip_prefix"}, {"ipv6_prefixes", "ipv6_prefix"}}) {
            List<Object> list = Json.asList(Json.get(doc, kind[0]));
            if (list == null) {
                continue;
            }
            for (Object p : list) {
                String cidr = Json.asString(Json.get(p, kind[1]));
                if (cidr != null) {
                    out.add(new Range(cidr, "aws", str(p, "region"), str(p, "service")));
                }
            }
        }
    }

    private static void google(Object doc, List<Range> out) {
        for (Object p : Json.asList(Json.get(doc, "prefixes"))) {
            String cidr = Json.asString(Json.get(p, "ipv4Prefix"));
            if (cidr == null) {
                cidr = Json.asString(Json.get(p, "ipv6Prefix"));
            }
            if (cidr != null) {
                out.add(new Range(cidr, "gcp", str(p, "scope"), str(p, "service")));
            }
        }
    }

    private static void azure(Object doc, List<Range> out) {
        for (Object v : Json.asList(Json.get(doc, "values"))) {
            Object props = Json.get(v, "properties");
            List<Object> prefixes = Json.asList(Json.get(props, "addressPrefixes"));
            if (prefixes == null) {
                continue;
            }
            for (Object cidr : prefixes) {
                if (cidr instanceof String) {
                    out.add(new Range((String) cidr, "azure", str(props, "region"), str(v, "name")));
                }
            }
        }
    }

    private static String str(Object node, String key) {
        String s = Json.asString(Json.get(node, key));
        return s == null ? "" : s;
    }

    /** The ranges without repeats of a CIDR (AWS lists a prefix once per service); the first one stays. */
    static List<Range> distinct(List<Range> ranges) {
        Set<String> seen = new LinkedHashSet<>();
        List<Range> out = new ArrayList<>();
        for (Range r : ranges) {
            if (seen.add(r.cidr())) {
                out.add(r);
            }
        }
        return out;
    }

    /** The lookup as CSV: header cidr,provider,region,service; one row per range. */
    static void write(List<Range> ranges, OutputStream out) throws IOException {
        CsvFile.Writer w = new CsvFile.Writer(out);
        w.row("cidr", "provider", "region", "service");
        for (Range r : ranges) {
            w.row(r.cidr(), r.provider(), r.region(), r.service());
        }
        w.flush();
    }

    /** How many ranges each provider contributed, for the summary line. */
    static Map<String, Integer> countByProvider(List<Range> ranges) {
        Map<String, Integer> m = new java.util.TreeMap<>();
        for (Range r : ranges) {
            m.merge(r.provider(), 1, Integer::sum);
        }
        return m;
    }
}
