package dev.inferyx.service;

import dev.inferyx.cache.IdempotencyRecord;
import dev.inferyx.cache.IdempotencyStore;
import dev.inferyx.core.ConflictException;
import dev.inferyx.core.Input;
import dev.inferyx.core.tensor.TensorCodec;
import dev.inferyx.core.Job;
import dev.inferyx.core.JobId;
import dev.inferyx.queue.JobQueue;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code Idempotency-Key} semantics: the first request with a key (per owner) starts a job; a resend with the same
 * key and the same request (model, input, priority, timeout) returns that job as it is now and starts nothing; the
 * same key with a different request is a {@link ConflictException} {@code idempotency_key_reused}. A refused
 * first request (queue full, rate limited, ...) does not bind its key, so the client may resend it. Records live
 * in an {@link IdempotencyStore}, bounded and expiring. Thread-safe.
 */
public final class Idempotency {

    private final IdempotencyStore store;
    private final JobQueue queue;

    public Idempotency(IdempotencyStore store, JobQueue queue) {
        this.store = Objects.requireNonNull(store, "store");
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    /** Keys are not remembered: every request starts a job. */
    static Idempotency none(JobQueue queue) {
        return new Idempotency(new IdempotencyStore() {
            @Override
            public Optional<IdempotencyRecord> putIfAbsent(String scope, IdempotencyRecord record) {
                return Optional.empty();
            }

            @Override
            public void remove(String scope, IdempotencyRecord record) {
            }

            @Override
            public long size() {
                return 0;
            }
        }, queue);
    }

    /** Runs {@code start} (which must create job {@code id}) unless {@code request}'s key already started one. */
    Job once(SubmitRequest request, String model, JobId id, Supplier<Job> start) {
        if (request.idempotencyKey().isEmpty()) {
            return start.get();
        }
        String key = request.idempotencyKey().get();
        String scope = digest(request.owner(), key);
        IdempotencyRecord mine = new IdempotencyRecord(fingerprint(request, model), id.value());
        Optional<IdempotencyRecord> held = store.putIfAbsent(scope, mine);
        if (held.isPresent()) {
            IdempotencyRecord first = held.get();
            if (!first.fingerprint().equals(mine.fingerprint())) {
                throw new ConflictException("idempotency_key_reused", "Idempotency-Key '" + key
                        + "' was already used with a different request (request " + first.requestId()
                        + "); send a new key for a new request");
            }
            return queue.find(new JobId(first.requestId()))
                    .orElseThrow(() -> new ConflictException("idempotency_key_in_use", "the request first sent with "
                            + "Idempotency-Key '" + key + "' (request " + first.requestId() + ") is still being "
                            + "accepted or is no longer retained; retry shortly, or send a new key"));
        }
        try {
            return start.get();
        } catch (RuntimeException refused) {
            store.remove(scope, mine);
            throw refused;
        }
    }

    /** What "the same request" means: the resolved model and everything that changes the result or its deadline. */
    private static String fingerprint(SubmitRequest request, String model) {
        String input = switch (request.input()) {
            case Input.Text text -> "text:" + text.text();
            case Input.Tensors tensors -> "tensors:"
                    + Base64.getEncoder().encodeToString(TensorCodec.encode(tensors.tensors()));
        };
        return digest(model, input, Integer.toString(request.priority()),
                request.timeout().map(t -> Long.toString(t.toNanos())).orElse("default"));
    }

    private static String digest(String... fields) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String field : fields) {
                byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
                sha.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
                sha.update((byte) ':');
                sha.update(bytes);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }
}
