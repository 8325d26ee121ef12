package dev.inferyx.worker;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Decides how a worker pool should change size. Pure: no threads and no clock of its own, so every rule is
 * tested by handing it a {@link Snapshot} and an instant.
 *
 * <p>Rules, from a {@link PoolConfig}:
 * <ul>
 *   <li>The pool grows while queued jobs per live worker is at least {@code jobsPerWorker} (the rule stated on
 *       {@link PoolConfig}), so the target is {@code queued / jobsPerWorker + 1} (integer division) with a backlog,
 *       clamped to {@code [minWorkers, maxWorkers]}: fewer than {@code jobsPerWorker} queued jobs per worker.</li>
 *   <li>Below target it adds workers, exactly enough to reach it, and retires none in the same decision.</li>
 *   <li>It retires only idle workers idle for at least {@code idleTimeout}, oldest idle first, never below
 *       {@code max(minWorkers, target)}. A busy worker is never in the idle list, so it is never picked.</li>
 * </ul>
 * Immutable and thread-safe.
 */
public final class Autoscaler {

    /** A worker with no batch, idle since {@code idleSince}. */
    public record IdleWorker(int id, Instant idleSince) {
        public IdleWorker {
            Objects.requireNonNull(idleSince, "idleSince");
        }
    }

    /**
     * The pool as the decision sees it.
     *
     * @param live   live workers (busy, idle, or about to be handed a batch)
     * @param busy   workers running a batch
     * @param queued jobs waiting in the model's queue
     * @param idle   workers that may be retired, each with when it became idle
     */
    public record Snapshot(int live, int busy, int queued, List<IdleWorker> idle) {
        public Snapshot {
            idle = List.copyOf(idle);
            if (live < 0 || busy < 0 || queued < 0) {
                throw new IllegalArgumentException("counts must not be negative: live=" + live + " busy=" + busy
                        + " queued=" + queued);
            }
            if (busy + idle.size() > live) {
                throw new IllegalArgumentException("busy (" + busy + ") + idle (" + idle.size()
                        + ") workers exceed live workers (" + live + ")");
            }
        }
    }

    /**
     * What to do: start {@code add} workers and retire the workers with ids {@code retire} (only if each can
     * still be taken out of the idle set; a worker that got a batch meanwhile stays).
     */
    public record Decision(int add, List<Integer> retire) {
        public static final Decision NONE = new Decision(0, List.of());

        public Decision {
            retire = List.copyOf(retire);
            if (add < 0) {
                throw new IllegalArgumentException("add must not be negative, was " + add);
            }
        }
    }

    private final PoolConfig config;

    public Autoscaler(PoolConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    public Decision decide(Snapshot pool, Instant now) {
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(now, "now");
        int target = targetSize(pool.queued());
        if (pool.live() < target) {
            return new Decision(target - pool.live(), List.of());
        }
        int surplus = pool.live() - target;
        if (surplus == 0) {
            return Decision.NONE;
        }
        List<Integer> retire = pool.idle().stream()
                .filter(w -> !w.idleSince().plus(config.idleTimeout()).isAfter(now))
                .sorted(Comparator.comparing(IdleWorker::idleSince))
                .limit(surplus)
                .map(IdleWorker::id)
                .toList();
        return retire.isEmpty() ? Decision.NONE : new Decision(0, retire);
    }

    /**
     * The smallest size at which queued jobs per worker drop below {@code jobsPerWorker}, clamped to
     * {@code [minWorkers, maxWorkers]}. Not {@code ceil(queued / jobsPerWorker)}: that stops one short when
     * {@code queued} is an exact multiple, e.g. 1 queued job behind 1 busy worker with {@code jobsPerWorker = 1}.
     */
    int targetSize(int queued) {
        int wanted = queued == 0 ? 0 : queued / config.jobsPerWorker() + 1;
        return Math.clamp(wanted, config.minWorkers(), config.maxWorkers());
    }
}
