package io.kubeaudit.detection;

/**
 * The RBAC authorizer's reason {@code RBAC: allowed by <Kind> "<binding>" of <RoleKind> "<role>" to
 * <SubjectKind> "<subject>"}, read into kube_rbac_grant {@code <Kind>/<binding>:<RoleKind>/<role>}.
 * EKS access entries are authorized by a webhook that words its reason the same way after
 * {@code EKS Access Policy: allowed by }, the role being the access policy's ARN.
 */
final class RbacReason {
    private static final String PREFIX = "RBAC: allowed by ";
    private static final String EKS_PREFIX = "EKS Access Policy: allowed by ";

    private RbacReason() {
    }

    /** {grant, role}, or an empty array when the reason is not in that form. */
    static String[] parse(String reason) {
        int i = reason.indexOf(PREFIX);
        if (i >= 0) {
            i += PREFIX.length();
        } else if ((i = reason.indexOf(EKS_PREFIX)) >= 0) {
            i += EKS_PREFIX.length();
        } else {
            return new String[0];
        }
        int[] binding = kindAndName(reason, i);
        if (binding == null || !reason.startsWith(" of ", binding[3] + 1)) {
            return new String[0];
        }
        int[] role = kindAndName(reason, binding[3] + 1 + " of ".length());
        if (role == null) {
            return new String[0];
        }
        String roleName = reason.substring(role[2], role[3]);
        String grant = reason.substring(binding[0], binding[1]) + "/" + reason.substring(binding[2], binding[3]) + ":"
                + reason.substring(role[0], role[1]) + "/" + roleName;
        return new String[] {grant, roleName};
    }

    /** At i: {@code Kind "name"}; returns {kindStart, kindEnd, nameStart, nameEnd (closing quote)}. */
    private static int[] kindAndName(String s, int i) {
        int k = i;
        while (k < s.length() && (Character.isLetterOrDigit(s.charAt(k)) || s.charAt(k) == '_')) {
            k++;
        }
        if (k == i || !s.startsWith(" \"", k)) {
            return null;
        }
        int nameStart = k + 2;
        int close = s.indexOf('"', nameStart);
        return close < 0 ? null : new int[] {i, k, nameStart, close};
    }
}
