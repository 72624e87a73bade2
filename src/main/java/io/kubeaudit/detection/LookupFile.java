package io.kubeaudit.detection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Address lists kept as Splunk lookup files (CSV with a header): the column named ip, cidr, range,
 * address or network is read, else the first column. Splunk admins maintain these with
 * outputlookup or the lookup editor, and Splunk ships them to the indexers in the knowledge bundle.
 */
final class LookupFile {
    private LookupFile() {
    }

    static List<String> readAddresses(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        if (lines.isEmpty()) {
            return out;
        }
        String[] header = cells(lines.get(0));
        int col = 0;
        for (int i = 0; i < header.length; i++) {
            String h = header[i].trim().toLowerCase(Locale.ROOT);
            if (h.equals("ip") || h.equals("cidr") || h.equals("range") || h.equals("address") || h.equals("network")) {
                col = i;
                break;
            }
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] c = cells(lines.get(i));
            if (col < c.length) {
                String v = c[col].trim();
                if (!v.isEmpty() && !v.startsWith("#")) {
                    out.add(v);
                }
            }
        }
        return out;
    }

    /** Simple CSV split; address lookups hold no quoted commas. */
    private static String[] cells(String line) {
        String[] parts = line.split(",", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i].trim();
            if (p.length() >= 2 && p.startsWith("\"") && p.endsWith("\"")) {
                p = p.substring(1, p.length() - 1).replace("\"\"", "\"");
            }
            parts[i] = p;
        }
        return parts;
    }
}
