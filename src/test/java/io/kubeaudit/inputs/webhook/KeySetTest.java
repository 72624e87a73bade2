package io.kubeaudit.inputs.webhook;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeySetTest {
    /** Random keys, repeats and zero, checked against a HashSet after every add, through several doublings and their moves. */
    @Test
    void holdsExactlyWhatWasAddedWhileItGrows() {
        KeySet set = new KeySet();
        Set<Long> expected = new HashSet<>();
        SplittableRandom random = new SplittableRandom(7);
        long[] added = new long[40_000];
        boolean sawMove = false;
        for (int i = 0; i < added.length; i++) {
            long k = switch (i % 10) {
                case 0 -> i == 0 ? 0 : added[random.nextInt(i)]; // zero once, then a repeat
                case 1 -> i; // small keys that hash close together
                default -> random.nextLong();
            };
            added[i] = k;
            set.add(k);
            expected.add(k);
            sawMove |= set.moving();
            assertEquals(expected.size(), set.size(), "size after add " + i);
            assertTrue(set.contains(k), "the key just added, at add " + i);
            assertTrue(set.contains(added[random.nextInt(i + 1)]), "an earlier key, at add " + i);
            long other = random.nextLong();
            assertEquals(expected.contains(other), set.contains(other), "a key never added, at add " + i);
        }
        assertTrue(sawMove, "the set doubled during the test");
        for (long k : expected) {
            assertTrue(set.contains(k));
        }
    }

    /** A doubling of a large set is not done in one add: the members move over the adds that follow. */
    @Test
    void aLargeSetDoublesOverManyAdds() {
        KeySet set = new KeySet();
        long k = 1;
        while (k < 1_000_000 && !(set.moving() && set.size() >= 100_000)) {
            set.add(k++);
        }
        assertTrue(set.moving(), "a doubling started at " + set.size() + " keys, and its move");
        int size = set.size();
        set.add(k++);
        assertTrue(set.moving(), "still moving after the add that followed the doubling at " + size + " keys");
        int adds = 1;
        while (set.moving()) {
            set.add(k++);
            adds++;
        }
        assertTrue(adds > size / 4, "moved over " + adds + " adds");
        for (long i = 1; i < k; i++) {
            assertTrue(set.contains(i), "key " + i);
        }
        assertFalse(set.contains(k));
    }
}
