package org.facemat.io;

/** Temporary names of {@link AtomicFile}'s rule as another process of this machine would make them, for tests. */
public final class TempNames {
    private TempNames() {
    }

    /** The temporary name a process {@code pid} of this machine gives to {@code finalName}. */
    public static String local(String finalName, long pid) {
        return "." + finalName + ".facemat-" + AtomicFile.Owner.HOST + "-" + pid + "-5eed.tmp";
    }

    /** The id of a process that has just ended. */
    public static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
