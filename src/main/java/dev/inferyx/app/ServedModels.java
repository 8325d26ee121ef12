package dev.inferyx.app;

import dev.inferyx.config.ModelConfig;
import dev.inferyx.core.NotFoundException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * The models this process serves right now, by name and alias: the one owner of that table. Each entry holds the
 * model's configuration, its running pool (absent on a gateway, which runs none, and while it loads) and its
 * admission gate. Reads are lock-free over an immutable snapshot; changes (startup, and the repository's load,
 * reload and unload) are serialised and publish a new snapshot, so a reader sees a whole table, old or new.
 */
final class ServedModels {

    /** One served model. {@code gate} outlives a reload, so admissions are never cut off by one. */
    record Entry(ModelConfig config, Optional<ServedModel> live, Gate gate) {
        String name() {
            return config.name();
        }
    }

    /**
     * Lets admissions into a model's queue run concurrently, and lets an unload close the model to new ones
     * atomically: once {@link #close()} returns, no admission is in progress and none will start.
     */
    static final class Gate {
        private final ReadWriteLock lock = new ReentrantReadWriteLock();
        private boolean closed;

        void admit(String model, Runnable admission) {
            lock.readLock().lock();
            try {
                if (closed) {
                    throw NotFoundException.model(model);
                }
                admission.run();
            } finally {
                lock.readLock().unlock();
            }
        }

        void close() {
            lock.writeLock().lock();
            try {
                closed = true;
            } finally {
                lock.writeLock().unlock();
            }
        }
    }

    private record Table(Map<String, Entry> byName, Map<String, String> canonical) {
        static final Table EMPTY = new Table(Map.of(), Map.of());
    }

    private final AtomicReference<Table> table = new AtomicReference<>(Table.EMPTY);

    /** The canonical name of a served name or alias. */
    Optional<String> resolve(String nameOrAlias) {
        return Optional.ofNullable(table.get().canonical().get(nameOrAlias));
    }

    Optional<Entry> get(String name) {
        return Optional.ofNullable(table.get().byName().get(name));
    }

    /** The entry of a served model, or {@link NotFoundException} if it stopped being served meanwhile. */
    Entry require(String name) {
        return get(name).orElseThrow(() -> NotFoundException.model(name));
    }

    /** Every served model, in the order they were first added. */
    List<Entry> entries() {
        return List.copyOf(table.get().byName().values());
    }

    /** Why {@code config} could not be served beside the others: a name or alias another model uses. */
    Optional<String> conflict(ModelConfig config) {
        Table current = table.get();
        for (String name : names(config)) {
            String owner = current.canonical().get(name);
            if (owner != null && !owner.equals(config.name())) {
                return Optional.of("name or alias '" + name + "' is already used by model " + owner);
            }
        }
        return Optional.empty();
    }

    /**
     * Serves {@code config} with {@code live}: a new model, or a replacement for the model of that name (same
     * position, same gate).
     *
     * @throws IllegalArgumentException if its name or an alias is served by another model
     */
    synchronized Entry put(ModelConfig config, Optional<ServedModel> live) {
        conflict(config).ifPresent(problem -> {
            throw new IllegalArgumentException(problem);
        });
        Table current = table.get();
        Entry previous = current.byName().get(config.name());
        Entry entry = new Entry(config, live, previous == null ? new Gate() : previous.gate());
        Map<String, Entry> byName = new LinkedHashMap<>(current.byName());
        byName.put(config.name(), entry);
        table.set(index(byName));
        return entry;
    }

    /** Stops serving {@code name}: resolving it fails from now on. Returns what was served. */
    synchronized Optional<Entry> remove(String name) {
        Table current = table.get();
        if (!current.byName().containsKey(name)) {
            return Optional.empty();
        }
        Map<String, Entry> byName = new LinkedHashMap<>(current.byName());
        Entry removed = byName.remove(name);
        table.set(index(byName));
        return Optional.of(removed);
    }

    private static Table index(Map<String, Entry> byName) {
        Map<String, String> canonical = new LinkedHashMap<>();
        for (Entry entry : byName.values()) {
            names(entry.config()).forEach(n -> canonical.put(n, entry.name()));
        }
        return new Table(java.util.Collections.unmodifiableMap(byName), Map.copyOf(canonical));
    }

    private static List<String> names(ModelConfig config) {
        List<String> names = new ArrayList<>();
        names.add(config.name());
        names.addAll(config.aliases());
        return names;
    }
}
