package dev.inferyx.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The generator end to end, over real HTTP against {@link FakeInferServer} on the real clock. The suite shares two
 * busy cores, so every bound here is one that slowness cannot break: a request never ends before the server's
 * delay, N clients never complete more than N requests per delay, and a stall only makes latencies longer. Exact
 * figures are checked on virtual time in {@link LoadRunnerTest}.
 */
class LoadRunnerOverHttpTest {

    private static LoadRunner runner(InferClient client) {
        return new LoadRunner(client, new InputGenerator(InputMix.UNIQUE, 1), p -> { });
    }

    /** A client that has sent 20 requests already: class loading happens before the run, and the stall counts them. */
    private static InferClient client(FakeInferServer server) throws InterruptedException {
        InferClient client = new InferClient(server.uri(), "sim", null, Mode.WAIT, Duration.ofSeconds(10));
        for (int i = 0; i < 20; i++) {
            assertThat(client.send("warm " + i).isOk()).isTrue();
        }
        return client;
    }

    @Test
    void closedLoop_fixedDelayServer_latencyNeverBelowTheDelay_andAtMostOneRequestPerClient() throws Exception {
        Duration delay = Duration.ofMillis(20);
        Duration window = Duration.ofSeconds(1);
        int clients = 4;
        try (var server = FakeInferServer.withDelay(delay); var client = client(server)) {
            RunStats stats = runner(client).closedLoop(clients, Duration.ofMillis(200), window);

            assertThat(stats.errors()).as("errors %s", stats.errorCounts()).isZero();
            assertThat(stats.ok()).isPositive();
            assertThat(stats.statusCounts()).containsOnlyKeys(200);
            // Latency spans the whole round trip: even the fastest request waited out the server's delay.
            assertThat(stats.latencyMs(0)).isGreaterThanOrEqualTo(20.0);
            // Each client waits for its answer before the next send, so within the window it completes at most
            // window / delay requests plus one begun before it: a generator that did not wait would exceed this.
            double ceiling = clients * (window.toMillis() / (double) delay.toMillis() + 1);
            assertThat(stats.throughput()).isPositive().isLessThanOrEqualTo(ceiling);
        }
    }

    @Test
    void openLoop_serverStallsOnce_p99ReflectsTheStall() throws Exception {
        Duration stall = Duration.ofMillis(500);
        // The 220th request (the 200th of the run, after 20 warm-up ones) freezes the server for 500 ms.
        try (var server = new FakeInferServer(Duration.ofMillis(5), 220, stall); var client = client(server)) {
            RunStats open = runner(client).openLoop(RateSchedule.constant(200), Duration.ZERO, Duration.ofSeconds(3),
                    1000, 7);

            assertThat(open.errors()).as("errors %s", open.errorCounts()).isZero();
            // The arrivals come from the seed, not from the machine's speed: ~600 in 3 s.
            assertThat(open.offeredRate()).isCloseTo(200.0, within(20.0));
            // Whatever request reaches the server after the stall's trigger ends after the stall does, and its
            // latency runs from its intended send time, which lies no later than the trigger's: the ~50 arrivals
            // scheduled in the 250 ms after the trigger's (8% of the run) wait at least 250 ms on any machine.
            // A busy machine only adds to that. A generator that waited for answers before sending on would see
            // the stall in one request per client and keep p99 low.
            assertThat(open.latencyMs(99)).as("open loop %s", open.timeline()).isGreaterThan(250.0);
            assertThat(open.maxMs()).isGreaterThanOrEqualTo(stall.toMillis());
        }
    }
}
