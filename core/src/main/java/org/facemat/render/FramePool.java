package org.facemat.render;

import java.util.concurrent.ConcurrentLinkedQueue;
import org.facemat.media.Frame;

/**
 * Pixel arrays handed back and forth between the render's threads. A 1080p frame is 25 MB of floats; allocating one
 * per frame keeps the garbage collector busy on the cores the network needs, so the arrays go round instead.
 */
final class FramePool {
    private final ConcurrentLinkedQueue<float[]> free = new ConcurrentLinkedQueue<>();

    /** A copy of {@code f} (the decoder reuses its frame) in a recycled array. */
    Frame copyOf(Frame f) {
        float[] src = f.rgb();
        float[] a = free.poll();
        if (a == null || a.length != src.length) {
            a = new float[src.length];
        }
        System.arraycopy(src, 0, a, 0, src.length);
        return new Frame(f.number(), f.width(), f.height(), a, f.sceneLinear());
    }

    /** Gives the frame's array back; the frame must not be used afterwards. */
    void release(Frame f) {
        if (f != null) {
            free.offer(f.rgb());
        }
    }
}
