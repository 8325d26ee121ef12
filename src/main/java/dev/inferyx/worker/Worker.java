package dev.inferyx.worker;

import dev.inferyx.core.Job;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * One platform thread that runs the batches handed to it, one at a time. The pool's dispatcher hands a batch
 * only to a worker it took out of the idle set, and the autoscaler retires only a worker it took out of that
 * set, so a worker never holds two batches and a busy worker is never retired.
 */
final class Worker {

    /** Identity sentinel: the message that tells the worker to exit. */
    private static final List<Job> RETIRE = new ArrayList<>();

    final int id;
    final Instant startedAt;
    final Thread thread;
    private final BlockingQueue<List<Job>> inbox = new LinkedBlockingQueue<>();
    private volatile List<Job> current;
    private volatile Instant idleSince;

    /**
     * @param onIdle called on this worker's thread after each batch, to put it back in the idle set
     * @param onExit called on this worker's thread as it ends
     */
    Worker(int id, String name, Instant startedAt, BatchRunner runner, InstantSource clock,
           Consumer<Worker> onIdle, Consumer<Worker> onExit) {
        this.id = id;
        this.startedAt = startedAt;
        this.idleSince = startedAt;
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(() -> {
            try {
                loop(runner, clock, onIdle);
            } finally {
                onExit.accept(this);
            }
        });
    }

    private void loop(BatchRunner runner, InstantSource clock, Consumer<Worker> onIdle) {
        try {
            while (true) {
                List<Job> batch = inbox.take();
                if (batch == RETIRE) {
                    return;
                }
                try {
                    runner.run(batch);
                } finally {
                    idleSince = clock.instant();
                    current = null;
                }
                if (Thread.currentThread().isInterrupted()) {
                    return; // shutdown interrupted the batch
                }
                onIdle.accept(this);
            }
        } catch (InterruptedException e) {
            // Shutdown: the thread ends here; keep the flag set for anything that runs after.
            Thread.currentThread().interrupt();
        }
    }

    /** Hands a batch over; it counts as busy from this moment. */
    void assign(List<Job> batch) {
        current = batch;
        inbox.add(batch);
    }

    void retire() {
        inbox.add(RETIRE);
    }

    /** The batch being run, or null when idle. */
    List<Job> current() {
        return current;
    }

    boolean isBusy() {
        return current != null;
    }

    Instant idleSince() {
        return idleSince;
    }
}
