package org.facemat.platform;

import com.sun.jna.Function;
import com.sun.jna.Platform;

/**
 * Lowers the scheduling priority of the calling thread (Linux only) so that the render's decode and write stages
 * yield the cores to the network. The network's operators run on two threads that wait for each other; a decoder or
 * writer taking one of the cores mid-operator stalls both, so the side stages are better run in the network's gaps.
 * Raising a thread's nice value needs no privilege. Anywhere the call is not available, nothing changes.
 */
public final class StagePriority {
    /** The nice value given to side stages: low enough to yield to the network, high enough to keep up. */
    public static final int SIDE_STAGE_NICE = 10;

    private static final int PRIO_PROCESS = 0;
    private static final Function GETTID = lookup("gettid");
    private static final Function SETPRIORITY = lookup("setpriority");

    private StagePriority() {
    }

    private static Function lookup(String name) {
        if (!Platform.isLinux() || Boolean.getBoolean("facemat.noStagePriority")) {
            return null;
        }
        try {
            return Function.getFunction("c", name);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return null;
        }
    }

    /** Gives the calling thread the side-stage nice value; returns whether it took effect. */
    public static boolean lowerCurrentThread() {
        if (GETTID == null || SETPRIORITY == null) {
            return false;
        }
        try {
            int tid = GETTID.invokeInt(new Object[0]);
            return SETPRIORITY.invokeInt(new Object[] {PRIO_PROCESS, tid, SIDE_STAGE_NICE}) == 0;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return false;
        }
    }
}
