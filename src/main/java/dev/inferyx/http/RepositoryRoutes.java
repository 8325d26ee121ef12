package dev.inferyx.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferyx.service.RepositoryAdmin;
import dev.inferyx.service.RepositoryModel;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

/**
 * The model repository's admin routes, in the shape of Triton's repository extension, for admin keys only (like
 * the dead-letter API): {@code POST /v2/repository/index} lists the repository's models as
 * {@code [{"name", "version", "state", "reason"}]}; {@code POST /v2/repository/models/{m}/load} loads or reloads
 * one and {@code POST /v2/repository/models/{m}/unload} unloads one, each answering that model's entry. A request
 * body, if any, is ignored.
 */
final class RepositoryRoutes implements HttpService {

    private final RepositoryAdmin repository;
    private final AdminAccess access;
    private final Json json;
    private final Endpoints endpoints;

    RepositoryRoutes(RepositoryAdmin repository, AdminAccess access, Json json, Endpoints endpoints) {
        this.repository = repository;
        this.access = access;
        this.json = json;
        this.endpoints = endpoints;
    }

    @Override
    public void routing(HttpRules rules) {
        endpoints.onV2(rules)
                .post("/v2/repository/index", this::index)
                .post("/v2/repository/models/{model}/load", this::load)
                .post("/v2/repository/models/{model}/unload", this::unload);
    }

    private void index(ServerRequest req, ServerResponse res) {
        access.authorize(req);
        ArrayNode list = json.object().arrayNode();
        repository.index().forEach(m -> list.add(view(m)));
        json.send(res, list);
    }

    private void load(ServerRequest req, ServerResponse res) throws InterruptedException {
        access.authorize(req);
        json.send(res, view(repository.load(req.path().pathParameters().get("model"))));
    }

    private void unload(ServerRequest req, ServerResponse res) throws InterruptedException {
        access.authorize(req);
        json.send(res, view(repository.unload(req.path().pathParameters().get("model"))));
    }

    private ObjectNode view(RepositoryModel model) {
        ObjectNode node = json.object();
        node.put("name", model.name());
        model.version().ifPresent(v -> node.put("version", v));
        node.put("state", model.state().name());
        node.put("reason", model.reason());
        return node;
    }
}
