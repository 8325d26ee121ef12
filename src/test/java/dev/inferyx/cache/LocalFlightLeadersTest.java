package dev.inferyx.cache;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;

/** The flight-leaders contract in this process's memory. */
class LocalFlightLeadersTest extends FlightLeadersContract {

    private FlightLeaders leaders;

    @Override
    protected FlightLeaders newLeaders(Duration ttl, InstantSource clock) {
        leaders = new LocalFlightLeaders(ttl, clock);
        return leaders;
    }

    @Override
    protected FlightLeaders anotherGateway() {
        return leaders;
    }

    @Test
    void ttl_mustBePositive() {
        assertThatThrownBy(() -> new LocalFlightLeaders(Duration.ZERO, clock))
                .hasMessage("flight leader ttl must be positive, was 0s");
    }
}
