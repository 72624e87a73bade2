package io.kubeaudit.inputs.webhook;

import io.kubeaudit.inputs.SplunkLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Duplicate suppression: pending claims, the window, the journal across restarts. */
class SeenKeysTest {
    @TempDir
    Path dir;
    private final AtomicLong now = new AtomicLong(1_700_000_000_000L);
    private final SplunkLog log = new SplunkLog(new PrintStream(new ByteArrayOutputStream()));

    private SeenKeys seen(long windowMillis) throws Exception {
        return new SeenKeys(windowMillis, dir, "kube_audit_webhook%3A%2F%2Ft", now::get, log);
    }

    private static final boolean[] ALL = {true, true, true};

    @Test
    void aBatchSeenWhileTheFirstCopyIsStillBeingWrittenWaitsForIt() throws Exception {
        SeenKeys s = seen(600_000);
        SeenKeys.Claim first = s.claim(new long[] {1, 2, 3}, ALL);
        assertArrayEquals(new boolean[] {true, true, true}, first.fresh());
        SeenKeys.Claim second = s.claim(new long[] {2, 3, 4}, ALL);
        assertArrayEquals(new boolean[] {false, false, true}, second.fresh(), "only 4 is new");
        assertEquals(1, second.others().size());
        assertFalse(second.others().get(0).isDone(), "waits until the first copy is flushed");
        s.written(first);
        assertTrue(second.others().get(0).get());
    }

    @Test
    void anAbandonedClaimLetsTheNextCopyWrite() throws Exception {
        SeenKeys s = seen(600_000);
        SeenKeys.Claim first = s.claim(new long[] {1, 2, 3}, ALL);
        SeenKeys.Claim waiting = s.claim(new long[] {1, 2, 3}, ALL);
        s.abandoned(first);
        assertFalse(waiting.others().get(0).get(), "the waiter learns the first copy was not written");
        assertArrayEquals(new boolean[] {true, true, true}, s.claim(new long[] {1, 2, 3}, ALL).fresh());
    }

    @Test
    void keysAreForgottenAfterTheWindowAndKeptAcrossARestartWithinIt() throws Exception {
        SeenKeys s = seen(60_000);
        assertTrue(Files.exists(dir.resolve("kube_audit_webhook%3A%2F%2Ft.seen." + 1_700_000_000_000L / (60_000 / 8))));
        SeenKeys.Claim c = s.claim(new long[] {1, 2, 3}, ALL);
        s.journal(c);
        s.written(c);
        s.close();
        now.addAndGet(30_000);
        SeenKeys restarted = seen(60_000);
        assertArrayEquals(new boolean[] {false, false, false}, restarted.claim(new long[] {1, 2, 3}, ALL).fresh());
        now.addAndGet(60_000);
        SeenKeys later = seen(60_000);
        assertArrayEquals(new boolean[] {true, true, true}, later.claim(new long[] {1, 2, 3}, ALL).fresh());
        long firstSlice = 1_700_000_000_000L / (60_000 / 8);
        assertFalse(Files.exists(dir.resolve("kube_audit_webhook%3A%2F%2Ft.seen." + firstSlice)), "expired journal slices are deleted");
    }

    @Test
    void aKeyCutShortByAKillIsIgnoredOnReload() throws Exception {
        SeenKeys s = seen(60_000);
        SeenKeys.Claim c = s.claim(new long[] {7, 8, 9}, ALL);
        s.journal(c);
        s.written(c);
        s.close();
        try (var files = Files.list(dir)) {
            Path journal = files.findFirst().orElseThrow();
            Files.write(journal, new byte[] {1, 2, 3}, StandardOpenOption.APPEND);
        }
        assertArrayEquals(new boolean[] {false, false, false}, seen(60_000).claim(new long[] {7, 8, 9}, ALL).fresh());
    }

    /** Claimed and abandoned at once: whether each of the keys from, from + 1, ... is still remembered. */
    private static boolean[] remembered(SeenKeys s, long from, int n) {
        SeenKeys.Claim c = s.claim(range(from, n), all(n));
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            out[i] = !c.fresh()[i];
        }
        s.abandoned(c);
        return out;
    }

    /** Writes the keys from, from + 1, ... as a batch does (journaled when the set has a folder). */
    private static void write(SeenKeys s, long from, int n) throws Exception {
        SeenKeys.Claim c = s.claim(range(from, n), all(n));
        s.journal(c);
        s.written(c);
    }

    private static long[] range(long from, int n) {
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = from + i;
        }
        return keys;
    }

    private static boolean[] all(int n) {
        boolean[] b = new boolean[n];
        java.util.Arrays.fill(b, true);
        return b;
    }

    private static int count(boolean[] b) {
        int n = 0;
        for (boolean x : b) {
            n += x ? 1 : 0;
        }
        return n;
    }

    /**
     * More keys than the limit within one slice (a high rate): the oldest are forgotten a set at a
     * time, the newest kept, so memory stays bounded however fast the batches come.
     */
    @Test
    void pastTheLimitTheOldestKeysOfEvenOneSliceAreForgotten() throws Exception {
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        SeenKeys s = new SeenKeys(600_000, null, "t", now::get, new SplunkLog(new PrintStream(logged)), 1_000, 100);
        for (int i = 0; i < 15; i++) {
            write(s, 1_000_000 + i * 100, 100);
        }
        assertEquals(0, count(remembered(s, 1_000_000, 500)), "the first 500 of 1,500 keys are forgotten");
        assertEquals(1_000, count(remembered(s, 1_000_500, 1_000)), "the last 1,000 are remembered");
        assertTrue(logged.toString().contains("more than 1000 events within dedup_window; forgetting the oldest early"), logged.toString());
    }

    /**
     * Across slices the oldest keys go first, a set at a time, so the window shrinks by a set's worth of
     * time rather than a whole slice; a slice left without keys goes with its journal. Across a restart,
     * journals holding more than the limit are read within it.
     */
    @Test
    void pastTheLimitTheOldestSetsGoFirstAndEmptiedSlicesLoseTheirJournal() throws Exception {
        SeenKeys s = new SeenKeys(80_000, dir, "t", now::get, log, 1_000, 100); // slices of 10 s
        long firstSlice = now.get() / 10_000;
        Path firstJournal = dir.resolve("t.seen." + firstSlice);
        write(s, 0, 450);
        now.addAndGet(10_000);
        write(s, 10_000, 450);
        now.addAndGet(10_000);
        write(s, 20_000, 200); // 1,100 keys: the first slice's oldest set of 100 goes
        assertEquals(0, count(remembered(s, 0, 100)));
        assertEquals(350, count(remembered(s, 100, 350)));
        assertEquals(450, count(remembered(s, 10_000, 450)));
        assertEquals(200, count(remembered(s, 20_000, 200)));
        assertTrue(Files.exists(firstJournal), "a slice that keeps keys keeps its journal");
        write(s, 20_200, 400); // 1,400: the first slice's other 350 go, its journal, then a set of the second
        assertEquals(0, count(remembered(s, 100, 350)));
        assertFalse(Files.exists(firstJournal), "the journal of a slice forgotten early is deleted");
        assertEquals(0, count(remembered(s, 10_000, 100)));
        assertEquals(350, count(remembered(s, 10_100, 350)));
        assertEquals(600, count(remembered(s, 20_000, 600)));
        s.close();

        SeenKeys restarted = new SeenKeys(80_000, dir, "t", now::get, log, 500, 100);
        assertEquals(0, count(remembered(restarted, 10_000, 450)), "a smaller limit after a restart: only the newest are read back");
        assertEquals(500, count(remembered(restarted, 20_100, 500)));
    }

    @Test
    void eventsWithoutAnAuditIdAreAlwaysWrittenAndRepeatsInsideOneBatchOnce() throws Exception {
        SeenKeys s = seen(60_000);
        SeenKeys.Claim c = s.claim(new long[] {0, 5, 5}, new boolean[] {false, true, true});
        assertArrayEquals(new boolean[] {true, true, false}, c.fresh());
    }

    @Test
    void theKeyDependsOnAuditIdAndStage() {
        assertEquals(SeenKeys.key("a", "ResponseComplete"), SeenKeys.key("a", "ResponseComplete"));
        assertTrue(SeenKeys.key("a", "ResponseComplete") != SeenKeys.key("a", "RequestReceived"));
        assertTrue(SeenKeys.key("ab", "c") != SeenKeys.key("a", "bc"));
    }
}
