package dev.inferyx.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferyx.core.InvalidRequestException;
import dev.inferyx.core.Job;
import dev.inferyx.core.JobId;
import dev.inferyx.core.NotFoundException;
import dev.inferyx.service.DeadLetterAdmin;
import io.helidon.http.Status;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import java.util.Optional;

/**
 * The admin API on dead letters, for admin keys only ({@code auth.admin_keys}):
 * {@code GET /admin/dead-letters?model=&limit=&cursor=}, {@code GET /admin/dead-letters/{id}},
 * {@code POST /admin/dead-letters/{id}/replay}, {@code POST /admin/dead-letters/replay?model=} and
 * {@code DELETE /admin/dead-letters?model=}. A replay of a model that is not served is 409
 * {@code model_not_served} (the letters stay). With no admin keys it is open only when the whole server is open on
 * loopback (the rule for the inference API); otherwise every call is 401.
 */
final class AdminRoutes implements HttpService {

    static final int DEFAULT_LIMIT = 50;

    private final DeadLetterAdmin admin;
    private final AdminAccess access;
    private final Json json;
    private final Endpoints endpoints;

    AdminRoutes(DeadLetterAdmin admin, AdminAccess access, Json json, Endpoints endpoints) {
        this.admin = admin;
        this.access = access;
        this.json = json;
        this.endpoints = endpoints;
    }

    @Override
    public void routing(HttpRules rules) {
        endpoints.on(rules)
                .get("/admin/dead-letters", this::list)
                .delete("/admin/dead-letters", this::purge)
                .post("/admin/dead-letters/replay", this::replayAll)
                .get("/admin/dead-letters/{id}", this::show)
                .post("/admin/dead-letters/{id}/replay", this::replay);
    }

    private void authorize(ServerRequest req) {
        access.authorize(req);
    }

    private void list(ServerRequest req, ServerResponse res) {
        authorize(req);
        int limit = req.query().first("limit").asOptional().map(AdminRoutes::parseLimit).orElse(DEFAULT_LIMIT);
        DeadLetterAdmin.Page page = admin.list(model(req), limit, req.query().first("cursor").asOptional());
        ObjectNode body = json.object();
        ArrayNode list = body.putArray("dead_letters");
        for (Job job : page.jobs()) {
            list.add(JobView.full(json, job).put("owner", job.owner()));
        }
        page.next().ifPresentOrElse(c -> body.put("next_cursor", c), () -> body.putNull("next_cursor"));
        json.send(res, body);
    }

    private void show(ServerRequest req, ServerResponse res) {
        authorize(req);
        Job job = admin.find(id(req));
        json.send(res, JobView.full(json, job).put("owner", job.owner()));
    }

    private void replay(ServerRequest req, ServerResponse res) {
        authorize(req);
        Job job = admin.replay(id(req));
        json.send(res.status(Status.OK_200), JobView.full(json, job));
    }

    private void replayAll(ServerRequest req, ServerResponse res) {
        authorize(req);
        ObjectNode body = json.object();
        Optional<String> model = model(req);
        if (model.isPresent()) {
            body.put("replayed", admin.replayAll(model.get()));
        } else {
            DeadLetterAdmin.ReplayAll all = admin.replayAll();
            body.put("replayed", all.replayed());
            ObjectNode left = body.putObject("not_served");
            all.notServed().forEach(left::put);
        }
        json.send(res, body);
    }

    private void purge(ServerRequest req, ServerResponse res) {
        authorize(req);
        ObjectNode body = json.object();
        body.put("purged", admin.purge(model(req)));
        json.send(res, body);
    }

    private static Optional<String> model(ServerRequest req) {
        return req.query().first("model").asOptional().filter(m -> !m.isBlank());
    }

    private static JobId id(ServerRequest req) {
        String raw = req.path().pathParameters().get("id");
        return JobId.parse(raw).orElseThrow(() -> NotFoundException.job(raw));
    }

    private static int parseLimit(String raw) {
        try {
            return Integer.parseInt(raw.strip());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("invalid_limit", "limit must be an integer, was \"" + raw + "\"");
        }
    }
}
