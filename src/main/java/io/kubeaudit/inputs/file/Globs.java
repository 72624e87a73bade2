package io.kubeaudit.inputs.file;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The regular files that absolute paths or glob patterns name right now. */
final class Globs {
    private Globs() {
    }

    static boolean isGlob(String segment) {
        return segment.indexOf('*') >= 0 || segment.indexOf('?') >= 0 || segment.indexOf('[') >= 0 || segment.indexOf('{') >= 0;
    }

    /** The directories before the first segment with a glob character (the walk starts there). */
    static String fixedPrefix(String pattern) {
        String[] parts = pattern.split("/");
        StringBuilder sb = new StringBuilder();
        for (int i = 1; i < parts.length; i++) {
            if (isGlob(parts[i]) || i == parts.length - 1) {
                break;
            }
            sb.append('/').append(parts[i]);
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    static List<Path> expand(List<String> patterns) throws IOException {
        Set<Path> out = new LinkedHashSet<>();
        for (String pattern : patterns) {
            String[] parts = pattern.split("/");
            boolean glob = false;
            for (String p : parts) {
                glob |= isGlob(p);
            }
            if (!glob) {
                Path p = Path.of(pattern);
                if (Files.isRegularFile(p)) {
                    out.add(p);
                }
                continue;
            }
            Path base = Path.of(fixedPrefix(pattern));
            if (!Files.isDirectory(base)) {
                continue;
            }
            int depth = pattern.contains("**") ? Integer.MAX_VALUE : parts.length - 1 - base.getNameCount();
            PathMatcher m = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
            try (Stream<Path> s = Files.walk(base, depth, EnumSet.noneOf(FileVisitOption.class).toArray(new FileVisitOption[0]))) {
                s.filter(p -> m.matches(p) && Files.isRegularFile(p)).sorted().forEach(out::add);
            } catch (java.io.UncheckedIOException e) {
                throw e.getCause();
            }
        }
        return new ArrayList<>(out);
    }
}
