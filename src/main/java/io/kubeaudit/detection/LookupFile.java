package io.kubeaudit.detection;

import io.kubeaudit.lookup.CsvFile;

import java.io.IOException;
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
        List<String> out = new ArrayList<>();
        try (CsvFile.Reader csv = new CsvFile.Reader(Files.newInputStream(file))) {
            String[] header = csv.next();
            if (header == null) {
                return out;
            }
            int col = 0;
            for (int i = 0; i < header.length; i++) {
                String h = header[i].trim().toLowerCase(Locale.ROOT);
                if (h.equals("ip") || h.equals("cidr") || h.equals("range") || h.equals("address") || h.equals("network")) {
                    col = i;
                    break;
                }
            }
            String[] c;
            while ((c = csv.next()) != null) {
                if (col < c.length) {
                    String v = c[col].trim();
                    if (!v.isEmpty() && !v.startsWith("#")) {
                        out.add(v);
                    }
                }
            }
        }
        return out;
    }
}
