package dev.inferyx.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Which route a path belongs to, and routes registered in an order the router would never reach. */
class RouteTableTest {

    private final RouteTable table = new RouteTable();

    @Test
    void owner_isTheMostSpecificMatchingRoute_aLiteralSegmentBeatingAParameter() {
        table.add("POST", "/admin/dead-letters/replay");
        table.add("GET", "/admin/dead-letters/{id}");
        table.add("POST", "/admin/dead-letters/{id}/replay");

        assertThat(table.owner("/admin/dead-letters/replay")).map(RouteTable.Route::allow).contains("POST");
        assertThat(table.owner("/admin/dead-letters/abc")).map(RouteTable.Route::allow).contains("GET");
        assertThat(table.owner("/admin/dead-letters/replay/replay")).map(RouteTable.Route::pattern)
                .contains("/admin/dead-letters/{id}/replay");
        assertThat(table.owner("/admin/dead-letters")).isEmpty();
        assertThat(table.owner("/admin/dead-letters/a/b")).isEmpty();
    }

    @Test
    void ownedElsewhere_whenTheRouterPickedAParameterRouteForALiteralRoutesPath() {
        table.add("POST", "/admin/dead-letters/replay");
        table.add("GET", "/admin/dead-letters/{id}");

        assertThat(table.ownedElsewhere("/admin/dead-letters/replay", "/admin/dead-letters/{id}")).isTrue();
        assertThat(table.ownedElsewhere("/admin/dead-letters/abc", "/admin/dead-letters/{id}")).isFalse();
    }

    @Test
    void methods_ofOnePath_areCollected_andATrailingSlashIsTheSamePath() {
        table.add("GET", "/admin/dead-letters");
        table.add("DELETE", "/admin/dead-letters");
        table.add("GET", "/v2");
        table.add("GET", "/v2/");

        assertThat(table.owner("/admin/dead-letters/")).map(RouteTable.Route::allow).contains("GET, DELETE");
        assertThat(table.owner("/v2/")).map(RouteTable.Route::allow).contains("GET");
        assertThat(table.ownedElsewhere("/v2", "/v2/")).isFalse();
    }

    @Test
    void add_aLiteralRouteAfterAParameterRouteWithTheSameMethod_failsFast_forTheRouterWouldNeverReachIt() {
        table.add("GET", "/v2/models/{m}");

        assertThatThrownBy(() -> table.add("GET", "/v2/models/stats"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("GET /v2/models/stats is registered after GET /v2/models/{m}");
        table.add("POST", "/v2/models/stats"); // another method: the parameter route does not take it
    }
}
