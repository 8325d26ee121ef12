package dev.inferyx.queue.redis;

import dev.inferyx.core.Input;
import dev.inferyx.core.Job;
import dev.inferyx.core.JobError;
import dev.inferyx.core.JobId;
import dev.inferyx.core.JobStatus;
import dev.inferyx.core.Output;
import dev.inferyx.core.tensor.Tensor;
import dev.inferyx.core.tensor.TensorCodec;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link Job} as the fields of a Redis hash, so the Lua scripts can read and change its status, attempts and
 * result in place. Instants are ISO-8601 text so they round-trip exactly. Stateless and thread-safe.
 */
final class JobCodec {

    private JobCodec() {
    }

    /** Field/value pairs, flattened, of every field the record has (internal fields excluded). */
    static List<String> fields(Job job) {
        List<String> f = new ArrayList<>(32);
        add(f, "id", job.id().value());
        add(f, "model", job.model());
        switch (job.input()) {
            case Input.Text t -> add(f, "input", t.text());
            case Input.Tensors t -> add(f, "input_tensors", tensors(t.tensors()));
        }
        add(f, "owner", job.owner());
        add(f, "priority", Integer.toString(job.priority()));
        add(f, "created", job.createdAt().toString());
        job.deadline().ifPresent(d -> {
            add(f, "deadline", d.toString());
            add(f, "deadline_ms", Long.toString(d.toEpochMilli())); // for scripts: Lua cannot parse ISO-8601
        });
        add(f, "status", job.status().name());
        add(f, "attempts", Integer.toString(job.attempts()));
        job.nextAttemptAt().ifPresent(t -> add(f, "next_attempt", t.toString()));
        if (job.cached()) {
            add(f, "cached", "1");
        }
        f.addAll(terminalFields(job));
        return f;
    }

    /** Output, error and finish time: what a finish writes besides status and attempts. */
    static List<String> terminalFields(Job job) {
        List<String> f = new ArrayList<>(6);
        job.output().ifPresent(o -> {
            switch (o) {
                case Output.Text t -> add(f, "output", t.text());
                case Output.Embedding e -> add(f, "output_embedding", encode(e));
                case Output.Tensors t -> add(f, "output_tensors", tensors(t.tensors()));
            }
        });
        job.error().ifPresent(e -> {
            add(f, "error_code", e.code());
            add(f, "error_message", e.message());
        });
        job.finishedAt().ifPresent(t -> add(f, "finished", t.toString()));
        return f;
    }

    /** The job a flat HGETALL reply describes. */
    static Job decode(List<?> flat) {
        Map<String, String> m = new HashMap<>(flat.size());
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            m.put(String.valueOf(flat.get(i)), String.valueOf(flat.get(i + 1)));
        }
        return decode(m);
    }

    static Job decode(Map<String, String> m) {
        Optional<JobError> error = Optional.ofNullable(m.get("error_code"))
                .map(code -> new JobError(code, m.getOrDefault("error_message", "")));
        return new Job(
                new JobId(m.get("id")),
                m.get("model"),
                input(m),
                m.get("owner"),
                Integer.parseInt(m.get("priority")),
                Instant.parse(m.get("created")),
                instant(m.get("deadline")),
                JobStatus.valueOf(m.get("status")),
                Integer.parseInt(m.get("attempts")),
                output(m),
                error,
                instant(m.get("finished")),
                instant(m.get("next_attempt")),
                "1".equals(m.get("cached")));
    }

    private static Input input(Map<String, String> m) {
        String tensors = m.get("input_tensors");
        return tensors == null ? new Input.Text(m.get("input")) : new Input.Tensors(tensors(tensors));
    }

    private static Optional<Output> output(Map<String, String> m) {
        String text = m.get("output");
        if (text != null) {
            return Optional.of(new Output.Text(text));
        }
        String tensors = m.get("output_tensors");
        if (tensors != null) {
            return Optional.of(new Output.Tensors(tensors(tensors)));
        }
        String embedding = m.get("output_embedding");
        return embedding == null ? Optional.empty() : Optional.of(decodeEmbedding(embedding));
    }

    /** An embedding as Base64 of its big-endian IEEE 754 floats: exact, and a quarter the size of decimal text. */
    private static String encode(Output.Embedding e) {
        ByteBuffer bytes = ByteBuffer.allocate(e.dimensions() * Float.BYTES);
        for (int i = 0; i < e.dimensions(); i++) {
            bytes.putFloat(e.value(i));
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    private static Output.Embedding decodeEmbedding(String text) {
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(text));
        float[] values = new float[bytes.remaining() / Float.BYTES];
        for (int i = 0; i < values.length; i++) {
            values[i] = bytes.getFloat();
        }
        return new Output.Embedding(values);
    }

    /** Tensors as Base64 of their {@link TensorCodec} form: exact, whatever the datatype. */
    private static String tensors(List<Tensor> tensors) {
        return Base64.getEncoder().encodeToString(TensorCodec.encode(tensors));
    }

    private static List<Tensor> tensors(String text) {
        return TensorCodec.decode(Base64.getDecoder().decode(text));
    }

    private static Optional<Instant> instant(String text) {
        return text == null ? Optional.empty() : Optional.of(Instant.parse(text));
    }

    private static void add(List<String> f, String key, String value) {
        f.add(key);
        f.add(value);
    }
}
