package dev.inferyx.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.inferyx.core.Job;
import dev.inferyx.core.Output;

/** The JSON shape of a job on the wire ({@code GET /result/{id}} and wait-mode answers). */
final class JobView {

    private JobView() {
    }

    static ObjectNode full(Json json, Job job) {
        ObjectNode body = json.object();
        body.put("request_id", job.id().value());
        body.put("model_id", job.model());
        body.put("status", job.status().wireName());
        job.output().ifPresent(output -> {
            switch (output) {
                case Output.Text text -> body.put("result", text.text());
                case Output.Embedding embedding -> {
                    ArrayNode values = body.putArray("result");
                    for (int i = 0; i < embedding.dimensions(); i++) {
                        values.add(embedding.value(i));
                    }
                }
                case Output.Tensors tensors -> {
                    ArrayNode outputs = body.putArray("outputs");
                    tensors.tensors().forEach(t -> outputs.add(TensorJson.render(json, t)));
                }
            }
        });
        job.error().ifPresent(error -> {
            ObjectNode e = body.putObject("error");
            e.put("code", error.code());
            e.put("message", error.message());
        });
        body.put("attempts", job.attempts());
        job.nextAttemptAt().ifPresent(t -> body.put("next_attempt_at", t.toString()));
        if (job.cached()) {
            body.put("cached", true);
        }
        body.put("priority", job.priority());
        body.put("created_at", job.createdAt().toString());
        job.deadline().ifPresent(d -> body.put("deadline", d.toString()));
        job.finishedAt().ifPresent(f -> body.put("finished_at", f.toString()));
        return body;
    }

    /** The 202 answer: enough to poll. */
    static ObjectNode accepted(Json json, Job job) {
        ObjectNode body = json.object();
        body.put("request_id", job.id().value());
        body.put("model_id", job.model());
        body.put("status", job.status().wireName());
        return body;
    }
}
