package io.kubeaudit.inputs.file;

import io.kubeaudit.inputs.BadSetting;
import io.kubeaudit.inputs.Settings;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Settings of a {@code kube_audit_file} stanza.
 *
 * @param paths        absolute paths or glob patterns; they must also match the rotated files
 * @param pollMillis   pause between two looks at the files
 * @param cluster      host of the events, or null for the input's host (or the cluster a cloud wrapper names)
 */
public record FileInputSettings(List<String> paths, long pollMillis, String cluster) {
    static final String EXAMPLE = "/var/log/kubernetes/audit/audit*.log*";

    public static FileInputSettings parse(Map<String, String> params) throws BadSetting {
        Settings s = new Settings("kube_audit_file", params);
        String raw = s.required("paths", EXAMPLE);
        List<String> paths = new ArrayList<>();
        for (String p : raw.split(",")) {
            String path = p.trim();
            if (path.isEmpty()) {
                continue;
            }
            if (!path.startsWith("/")) {
                throw new BadSetting("paths: '" + path + "' is not an absolute path: type the full path or glob, for example "
                        + "paths = " + EXAMPLE);
            }
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + path);
                Path.of(Globs.fixedPrefix(path));
            } catch (IllegalArgumentException e) {
                throw new BadSetting("paths: '" + path + "' is not a valid path or glob (" + e.getMessage()
                        + "): use * ? [abc] {a,b} and ** only, for example paths = " + EXAMPLE);
            }
            paths.add(path);
        }
        if (paths.isEmpty()) {
            throw new BadSetting("paths is empty: type one or more absolute paths or globs separated by commas, for example paths = "
                    + EXAMPLE);
        }
        long poll = s.integer("poll_interval", 1, 1, 3600);
        return new FileInputSettings(List.copyOf(paths), poll * 1000, s.hostName("cluster"));
    }
}
