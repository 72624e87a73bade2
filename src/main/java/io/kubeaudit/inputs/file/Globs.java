package io.kubeaudit.inputs.file;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

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
            Matches matches = new Matches(FileSystems.getDefault().getPathMatcher("glob:" + pattern));
            Files.walkFileTree(base, EnumSet.noneOf(FileVisitOption.class), depth, matches);
            matches.found.sort(null);
            out.addAll(matches.found);
        }
        return new ArrayList<>(out);
    }

    /** Collects the regular files (links followed) that match, walking on past entries that vanish. */
    static final class Matches extends SimpleFileVisitor<Path> {
        private final PathMatcher matcher;
        final List<Path> found = new ArrayList<>();

        Matches(PathMatcher matcher) {
            this.matcher = matcher;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
            if (matcher.matches(file) && Files.isRegularFile(file)) {
                found.add(file);
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
            // Rotation deletes or renames files while the folder is listed: a file gone is no error
            // (a renamed one is found under its new name on the next pass). Anything else is.
            if (e instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
            }
            throw e;
        }
    }
}
