package org.facemat.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) and SIGTERM during a render: instead of the JVM's immediate exit, the rendering thread is
 * interrupted, so the render stops its stages, removes its unfinished temporaries and says so in one line (and a JSON
 * event); the exit code is then 130 or 143 as a shell or farm expects. A second signal while the first is being
 * handled exits at once. Where the JVM does not let signals be handled, the default behaviour stays.
 */
final class Interrupts implements AutoCloseable {
    private static final String[] SIGNALS = {"INT", "TERM"};

    private final AtomicReference<String> received = new AtomicReference<>();
    private final List<Signal> installed = new ArrayList<>();
    private final List<SignalHandler> previous = new ArrayList<>();

    private Interrupts() {
    }

    /** Routes SIGINT and SIGTERM to an interrupt of the calling thread until {@link #close()}. */
    static Interrupts interruptingCurrentThread() {
        Interrupts g = new Interrupts();
        Thread target = Thread.currentThread();
        for (String name : SIGNALS) {
            try {
                Signal sig = new Signal(name);
                SignalHandler old = Signal.handle(sig, s -> {
                    if (!g.received.compareAndSet(null, s.getName())) {
                        Runtime.getRuntime().halt(128 + s.getNumber()); // asked twice: stop now
                    }
                    target.interrupt();
                });
                g.installed.add(sig);
                g.previous.add(old);
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // the signal cannot be handled here (the JVM uses it, or the platform has none): keep the default
            }
        }
        return g;
    }

    /** The signal that stopped the render ("INT", "TERM"), or null. */
    String signal() {
        return received.get();
    }

    /** The exit code for the signal received: 130 for SIGINT, 143 for SIGTERM. */
    int exitCode() {
        return "TERM".equals(received.get()) ? ExitCode.TERMINATED : ExitCode.INTERRUPTED;
    }

    @Override
    public void close() {
        for (int i = 0; i < installed.size(); i++) {
            try {
                Signal.handle(installed.get(i), previous.get(i));
            } catch (IllegalArgumentException e) {
                // nothing to restore
            }
        }
        Thread.interrupted(); // a signal that came after the render finished must not leak into what follows
    }
}
