package dev.inferyx.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.inferyx.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every known path answers a wrong method the same way — 405 {@code method_not_allowed} with {@code Allow} and the
 * JSON error body of its API (V2's under {@code /v2}) — whether the router fell through to the fallback or picked
 * a parameter route the path does not belong to; and a path the server does not serve is 404.
 */
class WrongMethodTest {

    private static Path repository;
    private static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        repository = Files.createTempDirectory("wrong-method-repo");
        server = TestServer.of(ConfigLoader.fromYaml("""
                server: {port: 0}
                model_repository: %s
                models: {sim: ~}
                """.formatted(repository), Map.of()));
    }

    @AfterAll
    static void stop() throws IOException {
        server.close();
        Files.delete(repository);
    }

    private static TestServer.Response send(TestServer on, String method, String path) {
        return on.send(HttpRequest.newBuilder(URI.create(on.base() + path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    @ParameterizedTest(name = "{0} {1} -> 405, Allow: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /infer                                  | POST
            PUT    | /infer                                  | POST
            DELETE | /result/123                             | GET
            POST   | /models                                 | GET
            POST   | /health/live                            | GET
            POST   | /health/ready                           | GET
            POST   | /metrics                                | GET
            POST   | /admin/dead-letters                     | GET, DELETE
            GET    | /admin/dead-letters/replay              | POST
            DELETE | /admin/dead-letters/replay              | POST
            GET    | /admin/dead-letters/replay/             | POST
            POST   | /admin/dead-letters/123                 | GET
            GET    | /admin/dead-letters/123/replay          | POST
            """)
    void wrongMethod_onAnInferyxPath_is405WithAllow_andAnInferyxErrorBody(String method, String path, String allow) {
        TestServer.Response r = send(server, method, path);

        assertThat(r.status()).as(r.body()).isEqualTo(405);
        assertThat(r.header("Allow")).contains(allow);
        assertThat(r.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode error = r.json().get("error");
        assertThat(error.get("code").asText()).isEqualTo("method_not_allowed");
        assertThat(error.get("message").asText()).isEqualTo(method + " is not allowed on " + path + "; use " + allow);
    }

    @ParameterizedTest(name = "{0} {1} -> 405, Allow: {2}")
    @CsvSource(delimiter = '|', textBlock = """
            POST   | /v2                                     | GET
            POST   | /v2/health/ready                        | GET
            POST   | /v2/models/sim                          | GET
            GET    | /v2/models/sim/infer                    | POST
            GET    | /v2/models/sim/versions/1/infer         | POST
            POST   | /v2/models/sim/config                   | GET
            POST   | /v2/models/stats                        | GET
            GET    | /v2/repository/index                    | POST
            GET    | /v2/repository/models/sim/load          | POST
            DELETE | /v2/repository/models/sim/unload        | POST
            """)
    void wrongMethod_onAV2Path_is405WithAllow_andAV2ErrorBody(String method, String path, String allow) {
        TestServer.Response r = send(server, method, path);

        assertThat(r.status()).as(r.body()).isEqualTo(405);
        assertThat(r.header("Allow")).contains(allow);
        assertThat(r.json().get("error").asText()).isEqualTo(method + " is not allowed on " + path + "; use " + allow);
    }

    @Test
    void anUnknownPath_is404_whateverTheMethod() {
        for (String method : new String[] {"GET", "POST", "DELETE"}) {
            TestServer.Response r = send(server, method, "/admin/dead-letters/1/2/3");
            assertThat(r.status()).isEqualTo(404);
            assertThat(r.json().at("/error/code").asText()).isEqualTo("route_not_found");
        }
        assertThat(send(server, "GET", "/v2/repository").status()).isEqualTo(404);
    }

    @Test
    void wrongMethods_areCountedUnderOneRouteLabel_notTheParameterRouteTheRouterPicked() {
        send(server, "GET", "/admin/dead-letters/replay");

        assertThat(server.metric("inferyx_http_requests_total", "route=\"unmatched\"", "code=\"405\""))
                .isPositive();
        assertThat(server.metric("inferyx_http_requests_total", "route=\"/admin/dead-letters/{id}\"",
                "code=\"405\"")).isZero();
    }
}
