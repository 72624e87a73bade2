package io.kubeaudit.audit;

import java.util.List;
import java.util.Map;

/**
 * authentication/v1 UserInfo: the authenticated caller ({@code user}) or the impersonated identity.
 * {@code username} is null for failed authentication ({@code user: {}}).
 */
public record UserInfo(String username, String uid, List<String> groups, Map<String, List<String>> extra) {
    public static final UserInfo EMPTY = new UserInfo(null, null, List.of(), Map.of());

    public List<String> extra(String key) {
        List<String> v = extra.get(key);
        return v == null ? List.of() : v;
    }

    public boolean inGroup(String group) {
        return groups.contains(group);
    }
}
