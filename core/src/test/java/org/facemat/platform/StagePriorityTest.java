package org.facemat.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class StagePriorityTest {

    /** The nice value of the calling thread, field 19 of /proc/thread-self/stat. */
    private static int niceOfThisThread() throws Exception {
        String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Integer.parseInt(fields[16]);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void lowersOnlyTheCallingThread() throws Exception {
        int before = niceOfThisThread();
        AtomicReference<Object> seen = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                boolean ok = StagePriority.lowerCurrentThread();
                seen.set(ok ? niceOfThisThread() : "not lowered");
            } catch (Exception e) {
                seen.set(e);
            }
        });
        t.start();
        t.join();
        assertEquals(Math.max(before, StagePriority.SIDE_STAGE_NICE), seen.get());
        assertEquals(before, niceOfThisThread(), "the caller's own priority is untouched");
        assertTrue(before < StagePriority.SIDE_STAGE_NICE);
    }
}
