package io.kubeaudit.detection;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Catalog §1.5: which names are service accounts, and their namespace (sa_ns). */
class ActorClassTest {
    private static ActorClass of(String actor) {
        return ActorClass.of(actor, List.of(), a -> false);
    }

    @Test
    void aServiceAccountHasANamespaceAndANameAndNothingElse() {
        assertEquals("kube-system", ActorClass.serviceAccountNamespace("system:serviceaccount:kube-system:default"));
        assertEquals(ActorClass.SERVICE_ACCOUNT, of("system:serviceaccount:kube-system:default"));
        assertEquals("a", ActorClass.serviceAccountNamespace("system:serviceaccount:a:b"));
        for (String notOne : new String[] {"system:serviceaccount:", "system:serviceaccount:ns", "system:serviceaccount:ns:",
            "system:serviceaccount::name", "system:serviceaccount:ns:name:extra", "system:serviceaccounts:ns:name",
            "System:serviceaccount:ns:name", "serviceaccount:ns:name", ""}) {
            assertNull(ActorClass.serviceAccountNamespace(notOne), notOne);
            ActorClass c = of(notOne);
            assertEquals(notOne.isEmpty() ? ActorClass.ANONYMOUS : notOne.startsWith("system:") ? ActorClass.SYSTEM : ActorClass.USER,
                    c, notOne);
        }
        assertNull(ActorClass.serviceAccountNamespace(null));
    }
}
