package dev.inferyx.worker;

import dev.inferyx.batch.Batcher;
import dev.inferyx.core.DurationFormat;
import dev.inferyx.core.Job;
import dev.inferyx.metrics.Metrics;
import dev.inferyx.model.Model;
import dev.inferyx.queue.JobQueue;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One model's autoscaling pool of platform worker threads ({@code inferyx-<model>-worker-<n>}).
 *
 * <p>A dispatcher thread ({@code inferyx-<model>-dispatcher}) first takes an idle worker — the most recently
 * used, so surplus workers stay idle long enough to be retired — and only then forms a batch, so while every
 * worker is busy jobs accumulate and batches grow instead of being cut for nobody. An autoscaler thread
 * ({@code inferyx-<model>-autoscaler}) applies {@link Autoscaler} decisions every tick (default 50 ms).
 *
 * <p>Failed batches are retried, split or failed as the pool's {@link FailureHandling} decides (see
 * {@link BatchRunner}); on shutdown, jobs waiting to retry are failed with code {@code shutdown} like queued ones.
 *
 * <p>Lifecycle: {@link #start()} once, then {@link #shutdown(Duration)} (or {@link #close()}). Drain waits and
 * thread joins are real elapsed time; the injected clock stamps idle times and lifespans. Thread-safe.
 */
public final class WorkerPool implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(WorkerPool.class.getName());
    private static final Duration DEFAULT_TICK = Duration.ofMillis(50);
    private static final Duration DRAIN_POLL = Duration.ofMillis(10);
    /** How long shutdown waits for each thread after interrupting it; a model ignoring interrupts is left. */
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);
    /** The longest pause between claims while the queue keeps failing. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(5);

    private final String modelName;
    private final PoolConfig config;
    private final Batcher batcher;
    private final JobQueue queue;
    private final InstantSource clock;
    private final Metrics metrics;
    private final Duration tick;
    private final Autoscaler autoscaler;
    private final BatchRunner runner;

    /** Live workers (not yet retired); what {@link #workers()} counts. */
    private final Map<Integer, Worker> workers = new ConcurrentHashMap<>();
    /** Threads not yet ended, retired ones included, so shutdown can join them all. */
    private final Set<Worker> running = ConcurrentHashMap.newKeySet();
    /** Idle workers, most recently used first. Removing from it is how a worker is taken, by one party only. */
    private final LinkedBlockingDeque<Worker> idle = new LinkedBlockingDeque<>();
    private final AtomicInteger workerNumbers = new AtomicInteger();
    private final AtomicBoolean started = new AtomicBoolean();
    /** Claims that failed in a row; touched only by the dispatcher thread. */
    private int claimFailures;
    /** Shutdown has begun: no second shutdown; work still flows while draining. */
    private final AtomicBoolean stopping = new AtomicBoolean();
    /** Draining is over: the dispatcher and autoscaler loops end. */
    private volatile boolean halted;
    /** Stopping for another pool to take over: a batch claimed while halting still runs instead of failing. */
    private volatile boolean handingOver;
    private final Thread dispatcher;
    private final Thread scaler;

    /** Without retries or a circuit breaker: a failed batch fails its jobs at once. */
    public WorkerPool(String modelName, PoolConfig config, Batcher batcher, Model model, JobQueue queue,
                      InstantSource clock, Metrics metrics) {
        this(modelName, config, batcher, model, queue, clock, metrics, FailureHandling.NONE, DEFAULT_TICK);
    }

    /** @param handling retry decisions and the circuit breaker for failed batches */
    public WorkerPool(String modelName, PoolConfig config, Batcher batcher, Model model, JobQueue queue,
                      InstantSource clock, Metrics metrics, FailureHandling handling) {
        this(modelName, config, batcher, model, queue, clock, metrics, handling, DEFAULT_TICK);
    }

    WorkerPool(String modelName, PoolConfig config, Batcher batcher, Model model, JobQueue queue,
               InstantSource clock, Metrics metrics, Duration tick) {
        this(modelName, config, batcher, model, queue, clock, metrics, FailureHandling.NONE, tick);
    }

    /** @param tick how often the autoscaler runs and how long the dispatcher waits before re-checking for stop */
    WorkerPool(String modelName, PoolConfig config, Batcher batcher, Model model, JobQueue queue,
               InstantSource clock, Metrics metrics, FailureHandling handling, Duration tick) {
        this.modelName = Objects.requireNonNull(modelName, "modelName");
        this.config = Objects.requireNonNull(config, "config");
        this.batcher = Objects.requireNonNull(batcher, "batcher");
        this.queue = Objects.requireNonNull(queue, "queue");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.tick = Objects.requireNonNull(tick, "tick");
        if (tick.isNegative() || tick.isZero()) {
            throw new IllegalArgumentException("tick must be positive, was " + DurationFormat.format(tick));
        }
        if (!batcher.model().equals(modelName)) {
            throw new IllegalArgumentException("batcher is for model " + batcher.model() + ", pool for " + modelName);
        }
        this.autoscaler = new Autoscaler(config);
        this.runner = new BatchRunner(modelName, Objects.requireNonNull(model, "model"), queue, clock, metrics,
                handling);
        this.dispatcher = Thread.ofPlatform().name("inferyx-" + modelName + "-dispatcher").daemon(true)
                .unstarted(this::dispatchLoop);
        this.scaler = Thread.ofPlatform().name("inferyx-" + modelName + "-autoscaler").daemon(true)
                .unstarted(this::scaleLoop);
    }

    /** Starts {@code minWorkers} workers, the dispatcher and the autoscaler. Once only, and not after shutdown. */
    public void start() {
        if (stopping.get()) {
            throw new IllegalStateException("worker pool for " + modelName + " is shut down");
        }
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("worker pool for " + modelName + " already started");
        }
        for (int i = 0; i < config.minWorkers(); i++) {
            spawn();
        }
        dispatcher.start();
        scaler.start();
    }

    /** Live workers, busy or idle. */
    public int workers() {
        return workers.size();
    }

    /** Workers running a batch right now. */
    public int busyWorkers() {
        return (int) workers.values().stream().filter(Worker::isBusy).count();
    }

    /**
     * Stops the pool. Waits up to {@code drainTimeout} for the model's unfinished jobs to finish, then stops
     * taking work, fails every job still queued or running with code {@code shutdown} (a worker's later result
     * for it is an idempotent no-op), and interrupts and joins every thread. Safe to call more than once.
     *
     * @throws InterruptedException if interrupted while draining; the pool is still stopped before it is thrown
     */
    public void shutdown(Duration drainTimeout) throws InterruptedException {
        stop(drainTimeout, true);
    }

    /**
     * Stops this pool without touching work that other processes share: for a worker process on a shared (Redis)
     * queue. Stops claiming at once, waits up to {@code drainTimeout} for the batches this pool is running, then
     * stops like {@link #shutdown} (a batch still running fails with code {@code shutdown}) — but jobs still
     * queued stay queued for the other workers, and the model's fleet-wide backlog is not waited for.
     *
     * @throws InterruptedException if interrupted while draining; the pool is still stopped before it is thrown
     */
    public void leave(Duration drainTimeout) throws InterruptedException {
        stop(drainTimeout, false);
    }

    /**
     * Stops this pool so that another pool on the same queue (a reloaded model's) takes over without losing a job:
     * stops claiming at once — a batch already being formed is still handed to a worker and run — waits up to
     * {@code drainTimeout} for the batches this pool is running, then stops like {@link #leave}. Jobs still queued
     * or waiting to retry are left for the next claimer. Safe to call more than once.
     *
     * @throws InterruptedException if interrupted while draining; the pool is still stopped before it is thrown
     */
    public void handOver(Duration drainTimeout) throws InterruptedException {
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        InterruptedException interrupted = null;
        try {
            if (started.get()) {
                handingOver = true;
                halted = true;
                stopThread(scaler);
                // Not interrupted: it ends by itself within a tick plus one batch delay, running what it claimed.
                if (!dispatcher.join(JOIN_TIMEOUT)) {
                    LOG.warning(() -> dispatcher.getName() + " did not stop within " + JOIN_TIMEOUT
                            + " while handing over; interrupting it");
                }
                awaitIdle(drainTimeout);
            }
        } catch (InterruptedException e) {
            interrupted = e;
        }
        halt(false, interrupted);
    }

    private void stop(Duration drainTimeout, boolean ownsQueue) throws InterruptedException {
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (!stopping.compareAndSet(false, true)) {
            return;
        }
        InterruptedException interrupted = null;
        try {
            if (started.get() && ownsQueue) {
                awaitDrained(drainTimeout);
            } else if (started.get()) {
                halted = true;
                stopThread(scaler);
                stopThread(dispatcher);
                awaitIdle(drainTimeout);
            }
        } catch (InterruptedException e) {
            interrupted = e; // still stop everything below, then report it
        }
        halt(ownsQueue, interrupted);
    }

    /**
     * The end of every way of stopping: stops the scaler and the dispatcher (a batch it was forming is failed by
     * the dispatcher itself), fails the queued jobs too when this pool owns its queue, fails the batches still
     * running with code {@code shutdown} (as running: the attempt they were in counts), stops the workers, then
     * rethrows {@code interrupted} if there was one.
     */
    private void halt(boolean ownsQueue, InterruptedException interrupted) throws InterruptedException {
        halted = true;
        stopThread(scaler);
        stopThread(dispatcher);
        if (ownsQueue) {
            // Jobs waiting out a backoff would never be run now: make them due so they fail with the rest.
            // A worker leaving a shared queue leaves them (and the queued ones) to the other workers.
            queue.requeueRetrying(modelName);
            failQueued();
        }
        for (Worker worker : running) {
            List<Job> batch = worker.current();
            if (batch != null) {
                runner.failAll(batch, BatchRunner.SHUTDOWN_WHILE_RUNNING, true);
            }
        }
        for (Worker worker : running) {
            stopThread(worker.thread);
        }
        if (interrupted != null) {
            throw interrupted;
        }
    }

    /** {@code shutdown(Duration.ZERO)}; an interrupt during it is kept in the thread's flag. */
    @Override
    public void close() {
        try {
            shutdown(Duration.ZERO);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once shutdown has begun. */
    boolean isStopping() {
        return stopping.get();
    }

    private void awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + saturatedNanos(timeout);
        while (queue.stats(modelName).unfinished() > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, DRAIN_POLL.toNanos()));
        }
    }

    private void awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + saturatedNanos(timeout);
        while (busyWorkers() > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(left, DRAIN_POLL.toNanos()));
        }
    }

    private void failQueued() {
        try {
            List<Job> leftover;
            while (!(leftover = queue.claim(modelName, 256, Duration.ZERO)).isEmpty()) {
                runner.failAll(leftover, BatchRunner.SHUTDOWN, false);
                leftover.forEach(j -> metrics.jobSkipped(modelName, "shutdown"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void stopThread(Thread thread) throws InterruptedException {
        if (thread.getState() == Thread.State.NEW) {
            return;
        }
        thread.interrupt();
        if (!thread.join(JOIN_TIMEOUT)) {
            LOG.warning(() -> thread.getName() + " did not stop within " + JOIN_TIMEOUT + "; leaving it");
        }
    }

    private void dispatchLoop() {
        try {
            while (!halted) {
                Worker worker = idle.pollFirst(tick.toNanos(), TimeUnit.NANOSECONDS);
                if (worker != null) {
                    dispatchTo(worker);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutdown: the thread ends
        }
    }

    private void dispatchTo(Worker worker) throws InterruptedException {
        List<Job> batch;
        try {
            batch = batcher.nextBatch(tick);
        } catch (InterruptedException e) {
            idle.offerFirst(worker);
            throw e;
        } catch (RuntimeException e) {
            idle.offerFirst(worker);
            int failures = ++claimFailures;
            if (failures == 1) {
                LOG.log(Level.SEVERE, "forming a batch for " + modelName + " failed; backing off until the queue "
                        + "answers again", e);
            }
            // Do not spin on a broken backend (e.g. Redis down): wait longer after each failure in a row.
            TimeUnit.NANOSECONDS.sleep(backoff(tick, failures).toNanos());
            return;
        }
        if (claimFailures > 0) {
            LOG.info("the queue of " + modelName + " answers again after " + claimFailures + " failed claims");
            claimFailures = 0;
        }
        boolean interrupted = Thread.currentThread().isInterrupted();
        if (!batch.isEmpty() && (interrupted || (halted && !handingOver))) {
            // Claimed while shutdown began: nobody will run these, so fail them rather than lose them.
            runner.failAll(batch, BatchRunner.SHUTDOWN, false);
            idle.offerFirst(worker);
            if (interrupted) {
                throw new InterruptedException("dispatcher of " + modelName + " stopped");
            }
            return;
        }
        if (batch.isEmpty()) {
            idle.offerFirst(worker); // keeps its idle-since time, so it can still time out
        } else {
            worker.assign(batch);
        }
    }

    /** The pause after {@code failures} failed claims in a row: one tick, doubling each time, at most 5 s. */
    static Duration backoff(Duration tick, int failures) {
        int doublings = Math.min(Math.max(failures - 1, 0), 20);
        Duration pause = tick.multipliedBy(1L << doublings);
        return pause.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : pause;
    }

    private void scaleLoop() {
        try {
            while (!halted) {
                TimeUnit.NANOSECONDS.sleep(tick.toNanos());
                try {
                    scaleOnce();
                } catch (RuntimeException e) {
                    LOG.log(Level.SEVERE, "autoscaling " + modelName + " failed", e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutdown: the thread ends
        }
    }

    /** Reads the pool, asks the autoscaler, applies the answer. Only this thread adds or retires workers. */
    void scaleOnce() {
        List<Autoscaler.IdleWorker> idleNow = new ArrayList<>();
        for (Worker w : idle) {
            idleNow.add(new Autoscaler.IdleWorker(w.id, w.idleSince()));
        }
        int live = workers.size();
        // Read without a global lock: a worker moving from idle to busy meanwhile must not be counted twice.
        int busy = Math.min(busyWorkers(), live - idleNow.size());
        Autoscaler.Snapshot snapshot =
                new Autoscaler.Snapshot(live, Math.max(0, busy), queue.stats(modelName).queued(), idleNow);
        Autoscaler.Decision decision = autoscaler.decide(snapshot, clock.instant());
        for (int i = 0; i < decision.add(); i++) {
            spawn();
        }
        if (decision.add() > 0) {
            metrics.scaled(modelName, "up");
        }
        int retired = 0;
        for (int id : decision.retire()) {
            Worker w = workers.get(id);
            // remove() is the atomic claim: if the dispatcher took it first, it stays and runs the batch.
            if (w != null && idle.remove(w)) {
                workers.remove(id);
                w.retire();
                metrics.workerRetired(modelName, Duration.between(w.startedAt, clock.instant()));
                retired++;
            }
        }
        if (retired > 0) {
            metrics.scaled(modelName, "down");
        }
    }

    private void spawn() {
        int n = workerNumbers.incrementAndGet();
        Worker worker = new Worker(n, "inferyx-" + modelName + "-worker-" + n, clock.instant(), runner, clock,
                idle::offerFirst, this::onWorkerExit);
        workers.put(n, worker);
        running.add(worker);
        idle.offerFirst(worker);
        worker.thread.start();
        metrics.workerStarted(modelName);
    }

    /** On the worker's own thread as it ends (retired, or stopped by shutdown). */
    private void onWorkerExit(Worker worker) {
        idle.remove(worker);
        workers.remove(worker.id, worker);
        running.remove(worker);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return Math.max(0, d.toNanos());
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 2;
        }
    }
}
