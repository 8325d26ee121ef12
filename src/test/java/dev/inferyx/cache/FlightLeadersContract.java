package dev.inferyx.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.inferyx.core.Input;
import dev.inferyx.core.JobId;
import dev.inferyx.testing.FakeClock;
import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link FlightLeaders} backend promises; each backend's test extends this. {@link #anotherGateway()} is
 * a second process's view of the same store (for the local backend, the same object).
 */
public abstract class FlightLeadersContract {

    protected static final Duration TTL = Duration.ofMinutes(10);
    protected final FakeClock clock = new FakeClock();
    private FlightLeaders leaders;
    private final CacheKey key = CacheKey.of("sim", "1", new Input.Text("a"));
    private final JobId first = JobId.random();
    private final JobId second = JobId.random();

    /** A fresh, empty store whose claims hold for {@code ttl} of {@code clock}. */
    protected abstract FlightLeaders newLeaders(Duration ttl, InstantSource clock);

    /** Another gateway's view of the store {@link #newLeaders} last returned. */
    protected abstract FlightLeaders anotherGateway();

    @BeforeEach
    void newLeaders() {
        leaders = newLeaders(TTL, clock);
    }

    @Test
    void claim_firstLeads_laterClaimsGetTheLeader() {
        assertThat(leaders.claim(key, first)).isEmpty();

        assertThat(leaders.claim(key, second)).contains(first);
        assertThat(leaders.claim(key, first)).as("a leader's own claim again").contains(first);
    }

    @Test
    void claim_onAnotherGateway_seesTheSameLeader() {
        leaders.claim(key, first);

        assertThat(anotherGateway().claim(key, second)).contains(first);
    }

    @Test
    void claim_keysAreIndependent() {
        leaders.claim(key, first);

        assertThat(leaders.claim(CacheKey.of("sim", "1", new Input.Text("b")), second)).isEmpty();
        assertThat(leaders.claim(CacheKey.of("sim", "2", new Input.Text("a")), second)).isEmpty();
    }

    @Test
    void release_onlyByTheLeaderHoldingIt() {
        leaders.claim(key, first);

        anotherGateway().release(key, second);
        assertThat(leaders.claim(key, second)).contains(first);

        anotherGateway().release(key, first);
        assertThat(leaders.claim(key, second)).isEmpty();
    }

    @Test
    void claim_pastItsTtl_isFreeAgain() {
        leaders.claim(key, first);

        clock.advance(TTL.minusMillis(1));
        assertThat(leaders.claim(key, second)).contains(first);
        clock.advance(Duration.ofMillis(1));
        assertThat(leaders.claim(key, second)).isEmpty();
        assertThat(anotherGateway().claim(key, first)).contains(second);
    }
}
