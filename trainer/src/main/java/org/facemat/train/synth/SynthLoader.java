package org.facemat.train.synth;

import java.io.IOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a {@link SampleSource} (usually the {@link Synthesizer}) ahead of training: {@code workers} threads take the next sample index, synthesize it and
 * put it into a bounded queue. Samples arrive in completion order (each carries its {@link Sample#index()}); sample i
 * is the same whichever thread makes it.
 */
public final class SynthLoader implements AutoCloseable {
    private final ExecutorService pool;
    private final BlockingQueue<Object> queue;
    private final AtomicLong next;
    private volatile boolean closed;

    public SynthLoader(SampleSource synth, long firstIndex, int workers, int capacity) {
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.next = new AtomicLong(firstIndex);
        this.pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "facemat-synth");
            t.setDaemon(true);
            return t;
        });
        for (int w = 0; w < workers; w++) {
            pool.submit(() -> {
                while (!closed && !Thread.currentThread().isInterrupted()) {
                    long i = next.getAndIncrement();
                    Object item;
                    try {
                        item = synth.sample(i);
                    } catch (IOException | RuntimeException e) {
                        item = new IOException("synthesis of sample " + i + " failed: " + e.getMessage(), e);
                    }
                    try {
                        queue.put(item);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }
    }

    /** The next finished sample (waits for one). */
    public Sample take() throws IOException, InterruptedException {
        Object o = queue.take();
        if (o instanceof IOException e) {
            throw e;
        }
        return (Sample) o;
    }

    @Override
    public void close() {
        closed = true;
        pool.shutdownNow();
        queue.clear();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
