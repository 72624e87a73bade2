package io.kubeaudit.detection;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Image references and image lists. {@link #repo} normalises a reference the way the registry
 * does (no host → docker.io, one component → docker.io/library, tag and digest dropped); list
 * entries are normalised the same way, an entry ending in '/' is a prefix and '*' is a glob.
 * A '*' in the registry host stays within the host: the allowlisted registry
 * {@code 602401143452.dkr.ecr.*.amazonaws.com/} must not admit
 * {@code 602401143452.dkr.ecr.x.attacker.example/y.amazonaws.com/tool}; in the path it is any run.
 */
final class Images {
    private final Set<String> exact = new HashSet<>();
    private final List<String> prefixes = new ArrayList<>();
    private final List<HostGlob> globs = new ArrayList<>();

    /** A glob entry split at the end of its registry host; a prefix entry's path ends in '*'. */
    private record HostGlob(String host, String path) {
        boolean matches(String repo) {
            int slash = repo.indexOf('/');
            return slash > 0 && Glob.matches(host, repo.substring(0, slash), false)
                    && Glob.matches(path, repo.substring(slash + 1), false);
        }
    }

    Images(Collection<String> entries) {
        for (String raw : entries) {
            String e = raw.trim().toLowerCase(Locale.ROOT);
            if (e.isEmpty()) {
                continue;
            }
            boolean prefix = e.endsWith("/");
            String norm = prefix ? prefixWithRegistry(e.substring(0, e.length() - 1)) + "/" : repo(e);
            if (norm.indexOf('*') >= 0) {
                String pattern = prefix ? norm + "*" : norm;
                int slash = pattern.indexOf('/');
                globs.add(new HostGlob(pattern.substring(0, slash), pattern.substring(slash + 1)));
            } else if (prefix) {
                prefixes.add(norm);
            } else {
                exact.add(norm);
            }
        }
    }

    boolean isEmpty() {
        return exact.isEmpty() && prefixes.isEmpty() && globs.isEmpty();
    }

    /** Whether a normalised repository (see {@link #repo}) is on the list. */
    boolean matchesRepo(String repo) {
        if (exact.contains(repo)) {
            return true;
        }
        for (String p : prefixes) {
            if (repo.startsWith(p)) {
                return true;
            }
        }
        for (HostGlob g : globs) {
            if (g.matches(repo)) {
                return true;
            }
        }
        return false;
    }

    boolean matchesImage(String image) {
        return matchesRepo(repo(image));
    }

    /** Normalised repository of an image reference, lower case. */
    static String repo(String image) {
        String s = image.trim().toLowerCase(Locale.ROOT);
        int at = s.indexOf('@');
        if (at >= 0) {
            s = s.substring(0, at);
        }
        int slash = s.lastIndexOf('/');
        int colon = s.lastIndexOf(':');
        if (colon > slash) {
            s = s.substring(0, colon);
        }
        return withRegistry(s);
    }

    private static String withRegistry(String s) {
        int slash = s.indexOf('/');
        if (slash < 0) {
            return "docker.io/library/" + s;
        }
        String first = s.substring(0, slash);
        boolean host = first.indexOf('.') >= 0 || first.indexOf(':') >= 0 || first.equals("localhost");
        if (!host) {
            return "docker.io/" + s;
        }
        if (first.equals("index.docker.io") || first.equals("docker.io")) {
            String rest = s.substring(slash + 1);
            return rest.indexOf('/') < 0 ? "docker.io/library/" + rest : "docker.io/" + rest;
        }
        return s;
    }

    /** A prefix entry: "cilium" means docker.io/cilium/..., "gke.gcr.io" a whole registry. */
    private static String prefixWithRegistry(String s) {
        int slash = s.indexOf('/');
        String first = slash < 0 ? s : s.substring(0, slash);
        boolean host = first.indexOf('.') >= 0 || first.indexOf(':') >= 0 || first.equals("localhost");
        return host ? s : "docker.io/" + s;
    }

    /** The last path segment of a repository ("docker.io/library/alpine" → "alpine"). */
    static String lastSegment(String repo) {
        return repo.substring(repo.lastIndexOf('/') + 1);
    }
}
