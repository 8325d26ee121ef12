package dev.inferyx.bench;

import static dev.inferyx.bench.VirtualClock.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The generator's schedule keeping and latency accounting on a {@link VirtualClock}: servers are fakes that spend
 * virtual time, so every figure below is exact and no assertion depends on how busy the machine is.
 * {@link LoadRunnerOverHttpTest} drives the same code against a real HTTP server with slowness-proof bounds only.
 */
class LoadRunnerTest {

    private static final Duration STALL_FROM = Duration.ofSeconds(1);
    private static final Duration STALL = Duration.ofMillis(500);

    private static LoadRunner runner(VirtualClock clock, RequestSender sender, Supplier<ExecutorService> threads) {
        return new LoadRunner(sender, new InputGenerator(InputMix.UNIQUE, 1), p -> { }, clock, threads);
    }

    /** Requests on virtual threads as in production: still exact while only one thread at a time moves the clock. */
    private static LoadRunner onThreads(VirtualClock clock, RequestSender sender) {
        return runner(clock, sender, Executors::newVirtualThreadPerTaskExecutor);
    }

    /** Open-loop requests run on the scheduling thread, so each one ends at an exact virtual time. */
    private static LoadRunner inline(VirtualClock clock, RequestSender sender) {
        return runner(clock, sender, DirectExecutorService::new);
    }

    /**
     * A server on virtual time: each request takes {@code delay}; from {@code stallFrom} (after the clock's origin)
     * the server freezes for {@code stall}, and a request that arrives meanwhile waits for the freeze to end.
     */
    private record VirtualServer(VirtualClock clock, Duration delay, Duration stallFrom, Duration stall)
            implements RequestSender {

        static VirtualServer withDelay(VirtualClock clock, Duration delay) {
            return new VirtualServer(clock, delay, Duration.ZERO, Duration.ZERO);
        }

        @Override
        public Outcome send(String input) {
            long now = clock.nanoTime();
            long stallEnd = at(stallFrom.plus(stall));
            if (now >= at(stallFrom) && now < stallEnd) {
                clock.advanceTo(stallEnd);
            }
            clock.advanceTo(clock.nanoTime() + delay.toNanos());
            return Outcome.ok(200);
        }
    }

    @Test
    void closedLoop_fixedDelayServer_everyPercentileIsTheDelay() throws Exception {
        VirtualClock clock = new VirtualClock();
        RunStats stats = onThreads(clock, VirtualServer.withDelay(clock, Duration.ofMillis(20)))
                .closedLoop(1, Duration.ofMillis(300), Duration.ofSeconds(2));

        assertThat(stats.errors()).as("errors %s", stats.errorCounts()).isZero();
        assertThat(stats.statusCounts()).containsOnlyKeys(200);
        // One client back to back: 2 s / 20 ms requests start in the window, and each one's latency is the delay.
        assertThat(stats.ok()).isEqualTo(100);
        assertThat(stats.latencyMs(50)).isCloseTo(20.0, within(0.05));
        assertThat(stats.latencyMs(99)).isCloseTo(20.0, within(0.05));
        assertThat(stats.maxMs()).isCloseTo(20.0, within(0.05));
        assertThat(stats.throughput()).isCloseTo(50.0, within(1.0));
    }

    @Test
    void openLoop_200PerSecond_keepsTheSameScheduleWhateverTheServerDoes() throws Exception {
        Duration window = Duration.ofSeconds(3);
        VirtualClock fastClock = new VirtualClock();
        RunStats fast = inline(fastClock, VirtualServer.withDelay(fastClock, Duration.ZERO))
                .openLoop(RateSchedule.constant(200), Duration.ZERO, window, 1000, 42);
        List<Long> fastSchedule = fastClock.wakeUps();

        VirtualClock stallClock = new VirtualClock();
        RunStats stalled = inline(stallClock, new VirtualServer(stallClock, Duration.ofMillis(2), STALL_FROM, STALL))
                .openLoop(RateSchedule.constant(200), Duration.ZERO, window, 1000, 42);

        // The seeded Poisson schedule has 200/s on average; every arrival is waited for at its intended time and
        // counted as offered.
        assertThat(fastSchedule).isSorted().allSatisfy(t -> assertThat(t).isBetween(at(Duration.ZERO), at(window)));
        assertThat(fast.offered()).isEqualTo(fastSchedule.size());
        assertThat(fast.offeredRate()).isCloseTo(200.0, within(10.0));
        // A server that stalls and answers slowly (so requests fall behind the schedule) changes none of the
        // intended send times: a generator that paced each arrival from the previous send would drift here.
        assertThat(stallClock.wakeUps()).isEqualTo(fastSchedule);
        assertThat(stalled.offered()).isEqualTo(fast.offered());
    }

    @Test
    void openLoop_serverStallsOnce_p99ReflectsTheStall_whileClosedLoopHidesIt() throws Exception {
        VirtualClock openClock = new VirtualClock();
        RunStats open = inline(openClock, new VirtualServer(openClock, Duration.ZERO, STALL_FROM, STALL))
                .openLoop(RateSchedule.constant(200), Duration.ZERO, Duration.ofSeconds(3), 1000, 7);
        VirtualClock closedClock = new VirtualClock();
        RunStats closed = onThreads(closedClock, new VirtualServer(closedClock, Duration.ofMillis(5), STALL_FROM, STALL))
                .closedLoop(1, Duration.ZERO, Duration.ofSeconds(2));

        // Latency runs from the intended send time: every arrival scheduled inside the stall carries the wait for
        // its end, although it was only sent when the stall ended. Measured from the actual send, only the first
        // of them would be slow and p99 would stay near zero.
        long stallStart = at(STALL_FROM);
        long stallEnd = at(STALL_FROM.plus(STALL));
        List<Long> delayed = openClock.wakeUps().stream().filter(t -> t >= stallStart && t < stallEnd).toList();
        assertThat(delayed).hasSizeGreaterThan(50); // ~100 arrivals at 200/s: well over 1% of ~600
        long waitedOverAMillisecond = delayed.stream().filter(t -> stallEnd - t >= 1_000_000).count();
        assertThat(open.latencyMicros().getCountBetweenValues(1_000, RunRecorder.HIGHEST_MICROS))
                .isEqualTo(waitedOverAMillisecond);
        assertThat(open.latencyMs(99)).as("open loop %s", open.timeline()).isGreaterThan(250.0);
        assertThat(open.maxMs()).isCloseTo((stallEnd - delayed.getFirst()) / 1e6, within(0.5));
        // One client sees the stall once, as a single slow request among ~300: p99 stays at the delay.
        assertThat(closed.maxMs()).isCloseTo(505.0, within(0.5));
        assertThat(closed.latencyMs(99)).isCloseTo(5.0, within(0.01));
    }

    @Test
    @Timeout(value = 20, unit = TimeUnit.SECONDS) // runs in ~50 ms; only a bound that waits for a slot hangs
    void openLoop_inFlightBoundFull_dropsArrivalsAsErrorsAndKeepsTheSchedule() throws Exception {
        // Requests that never answer until the schedule reaches 0.9 s: the bound of 5 stays full until then.
        Duration release = Duration.ofMillis(900);
        VirtualClock clock = new VirtualClock();
        CountDownLatch answer = new CountDownLatch(1);
        clock.whenReaching(at(release), answer::countDown);
        AtomicInteger sent = new AtomicInteger();
        RequestSender hanging = input -> {
            sent.incrementAndGet();
            return answer.await(20, TimeUnit.SECONDS) ? Outcome.ok(200) : new Outcome(0, "never_answered");
        };

        RunStats stats = onThreads(clock, hanging).openLoop(RateSchedule.constant(100), Duration.ZERO,
                Duration.ofSeconds(1), 5, 3);

        // Every arrival before the release finds the bound full except the first five: it is dropped on the spot
        // and the schedule goes on (a generator that waited for a free slot would never reach 0.9 s).
        List<Long> schedule = clock.wakeUps();
        long beforeRelease = schedule.stream().filter(t -> t < at(release)).count();
        assertThat(beforeRelease).isGreaterThan(60); // ~90 at 100/s
        long dropped = stats.errorCounts().getOrDefault(Outcome.DROPPED, 0L);
        assertThat(dropped).isGreaterThanOrEqualTo(beforeRelease - 5);
        assertThat(stats.errorCounts()).containsOnlyKeys(Outcome.DROPPED);
        assertThat(stats.statusCounts()).containsEntry(0, dropped);
        assertThat(stats.offered()).isEqualTo(schedule.size());
        assertThat(sent.get()).isEqualTo(schedule.size() - dropped).isGreaterThanOrEqualTo(5);
        assertThat(stats.ok()).isEqualTo(sent.get());
    }
}
