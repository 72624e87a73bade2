package io.kubeaudit.detection;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The subject of a PKCS#10 certificate signing request, as a CertificateSigningRequest carries it
 * ({@code spec.request}: base64 of a PEM "CERTIFICATE REQUEST", or of the DER itself). Only the
 * subject's common name and organisations are read; a minimal DER walk, no crypto.
 */
record Csr(List<String> commonNames, List<String> organizations) {
    private static final byte[] OID_CN = {0x55, 0x04, 0x03};
    private static final byte[] OID_O = {0x55, 0x04, 0x0a};

    /** Parses {@code spec.request}; null when it is not a readable CSR. */
    static Csr parse(String specRequest) {
        if (specRequest == null) {
            return null;
        }
        try {
            byte[] decoded = Base64.getMimeDecoder().decode(specRequest);
            byte[] der = decoded;
            String text = new String(decoded, StandardCharsets.US_ASCII);
            int begin = text.indexOf("-----BEGIN");
            if (begin >= 0) {
                int bodyStart = text.indexOf('\n', begin);
                int end = text.indexOf("-----END", bodyStart);
                if (bodyStart < 0 || end < 0) {
                    return null;
                }
                der = Base64.getMimeDecoder().decode(text.substring(bodyStart + 1, end));
            }
            return fromDer(der);
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            return null;
        }
    }

    /** CertificationRequest ::= SEQUENCE { info SEQUENCE { version INTEGER, subject Name, ... }, ... } */
    static Csr fromDer(byte[] der) {
        Der outer = new Der(der, 0, der.length);
        Der request = outer.enter(0x30);
        Der info = request.enter(0x30);
        info.skip(0x02); // version
        Der name = info.enter(0x30);
        List<String> cn = new ArrayList<>();
        List<String> o = new ArrayList<>();
        while (name.more()) {
            Der rdn = name.enter(0x31);
            while (rdn.more()) {
                Der atv = rdn.enter(0x30);
                byte[] oid = atv.value(0x06);
                String value = atv.string();
                if (java.util.Arrays.equals(oid, OID_CN)) {
                    cn.add(value);
                } else if (java.util.Arrays.equals(oid, OID_O)) {
                    o.add(value);
                }
            }
        }
        return new Csr(cn, o);
    }

    /** A cursor over DER TLVs within [pos, end). */
    private static final class Der {
        private final byte[] b;
        private int pos;
        private final int end;

        Der(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        boolean more() {
            return pos < end;
        }

        private int[] header(int expectedTag) {
            int tag = b[pos] & 0xff;
            if (expectedTag >= 0 && tag != expectedTag) {
                throw new IllegalArgumentException("unexpected DER tag");
            }
            int p = pos + 1;
            int len = b[p++] & 0xff;
            if (len >= 0x80) {
                int n = len & 0x7f;
                if (n == 0 || n > 3) {
                    throw new IllegalArgumentException("bad DER length");
                }
                len = 0;
                for (int i = 0; i < n; i++) {
                    len = (len << 8) | (b[p++] & 0xff);
                }
            }
            if (p + len > end) {
                throw new IllegalArgumentException("DER length past end");
            }
            return new int[] {tag, p, len};
        }

        Der enter(int tag) {
            int[] h = header(tag);
            pos = h[1] + h[2];
            return new Der(b, h[1], h[1] + h[2]);
        }

        void skip(int tag) {
            int[] h = header(tag);
            pos = h[1] + h[2];
        }

        byte[] value(int tag) {
            int[] h = header(tag);
            pos = h[1] + h[2];
            return java.util.Arrays.copyOfRange(b, h[1], h[1] + h[2]);
        }

        /** Any string type (UTF8String, PrintableString, IA5String, ...), decoded leniently. */
        String string() {
            int[] h = header(-1);
            pos = h[1] + h[2];
            return new String(b, h[1], h[2], h[0] == 0x1e ? StandardCharsets.UTF_16BE : StandardCharsets.UTF_8);
        }
    }
}
