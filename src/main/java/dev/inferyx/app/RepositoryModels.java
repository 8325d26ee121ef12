package dev.inferyx.app;

import dev.inferyx.config.ConfigException;
import dev.inferyx.config.ModelConfig;
import dev.inferyx.config.ModelRepository;
import dev.inferyx.core.InvalidRequestException;
import dev.inferyx.core.NotFoundException;
import dev.inferyx.core.UnavailableException;
import dev.inferyx.service.RepositoryAdmin;
import dev.inferyx.service.RepositoryModel;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * Loads, reloads and unloads the model repository's models at run time, in a process that runs both the API and
 * the models ({@code serve}). It changes what {@link ServedModels} serves and starts and stops pools through
 * {@link ModelPools}; every action holds this object's lock, so two actions never interleave. Models of the
 * configuration file are not the repository's: they cannot be loaded or unloaded here.
 *
 * <ul>
 *   <li><b>Reload</b> (load of a served model): the new version and settings are loaded and warmed first, while
 *       the old one keeps serving; then the new pool starts on the model's queue, the table switches to it (one
 *       atomic swap: requests keep being admitted throughout), and the old pool stops claiming, finishes the
 *       batches it was running and is closed. Nothing accepted is lost: a queued job runs on whichever pool
 *       claims it. If the new version cannot be loaded, the old one keeps serving and the error names the file.
 *   <li><b>Unload</b>: admission closes first (new requests get {@code model_not_found}), then the model's
 *       accepted jobs finish within {@code server.drain_timeout} — anything left after it fails with code
 *       {@code shutdown}, as at process shutdown — and the pool and model are stopped before the call returns.
 *       Its live gauges then leave {@code /metrics} (a load registers them again).
 * </ul>
 */
final class RepositoryModels implements RepositoryAdmin {

    private static final Logger LOG = Logger.getLogger(RepositoryModels.class.getName());

    private final ModelRepository repository;
    private final ServedModels served;
    private final Duration drainTimeout;
    /** Repository models served now. Guarded by this. */
    private final Set<String> loaded = new TreeSet<>();
    /** Why a repository model is not served (failed load, unloaded). Guarded by this. */
    private final Map<String, String> reasons = new HashMap<>();
    /** Set once every startup model runs; until then actions are refused. Guarded by this. */
    private ModelPools pools;

    /** @param atStartup the repository models read with the configuration, which startup serves */
    RepositoryModels(ModelRepository repository, List<ModelConfig> atStartup, ServedModels served,
                     Duration drainTimeout) {
        this.repository = repository;
        this.served = served;
        this.drainTimeout = drainTimeout;
        atStartup.forEach(m -> loaded.add(m.name()));
    }

    /** Set when the process stops: no action starts after it. Guarded by this. */
    private boolean stopping;

    /** The startup models run: actions may begin. */
    synchronized void started(ModelPools startedPools) {
        this.pools = startedPools;
    }

    /** The process is stopping: waits for an action in progress, then refuses new ones ({@code draining}). */
    synchronized void stopping() {
        stopping = true;
    }

    @Override
    public synchronized List<RepositoryModel> index() {
        Set<String> names = new TreeSet<>(loaded);
        names.addAll(reasons.keySet());
        try {
            names.addAll(repository.names());
        } catch (ConfigException e) {
            throw new InvalidRequestException("repository_unreadable", e.getMessage());
        }
        return names.stream().map(this::describe).toList();
    }

    private RepositoryModel describe(String name) {
        Optional<ModelConfig> live = loaded.contains(name)
                ? served.get(name).map(ServedModels.Entry::config) : Optional.empty();
        return live.map(m -> new RepositoryModel(name, Optional.of(m.version()), RepositoryModel.State.READY, ""))
                .orElseGet(() -> new RepositoryModel(name, Optional.empty(), RepositoryModel.State.UNAVAILABLE,
                        reasons.getOrDefault(name, "not loaded")));
    }

    @Override
    public synchronized RepositoryModel load(String name) throws InterruptedException {
        ModelPools running = requireStarted();
        refuseConfigFileModel(name, "loaded");
        ModelConfig config;
        try {
            config = repository.read(name).orElseThrow(() -> NotFoundException.model(name));
        } catch (ConfigException e) {
            throw failed(name, e.getMessage());
        }
        Optional<String> conflict = served.conflict(config);
        if (conflict.isPresent()) {
            throw failed(name, "model " + name + ": " + conflict.get());
        }
        ServedModel fresh;
        try {
            fresh = running.load(config);
        } catch (IllegalStateException e) {
            throw failed(name, "model " + name + " version " + config.version() + ": " + e.getMessage());
        }
        Optional<ServedModel> previous = served.get(name).flatMap(ServedModels.Entry::live);
        served.put(config, Optional.of(fresh));
        loaded.add(name);
        reasons.remove(name);
        running.registerGauges(name);
        if (previous.isPresent()) {
            running.handOver(previous.get(), drainTimeout);
        }
        LOG.info((previous.isPresent() ? "reloaded" : "loaded") + " model " + name + " version " + config.version()
                + " from " + repository.root());
        return describe(name);
    }

    @Override
    public synchronized RepositoryModel unload(String name) throws InterruptedException {
        ModelPools running = requireStarted();
        if (!loaded.contains(name)) {
            refuseConfigFileModel(name, "unloaded");
            if (reasons.containsKey(name) || repositoryHas(name)) {
                return describe(name); // not loaded: nothing to do
            }
            throw NotFoundException.model(name);
        }
        ServedModels.Entry entry = served.require(name);
        entry.gate().close(); // from here no job can enter its queue; those already in it are run below
        served.remove(name);
        loaded.remove(name);
        reasons.put(name, "unloaded");
        try {
            if (entry.live().isPresent()) {
                running.stop(entry.live().get(), drainTimeout);
            }
        } finally {
            running.unregisterGauges(name); // after the drain, which its queue-depth and worker gauges showed
        }
        LOG.info("unloaded model " + name + " version " + entry.config().version());
        return new RepositoryModel(name, Optional.of(entry.config().version()), RepositoryModel.State.UNAVAILABLE,
                "unloaded");
    }

    private ModelPools requireStarted() {
        if (stopping) {
            throw UnavailableException.draining();
        }
        if (pools == null) {
            throw new UnavailableException("loading", "models are still loading; try again shortly",
                    Duration.ofSeconds(1));
        }
        return pools;
    }

    private void refuseConfigFileModel(String name, String action) {
        if (!loaded.contains(name) && served.get(name).isPresent()) {
            throw new InvalidRequestException("not_a_repository_model", "model " + name + " is defined in the "
                    + "configuration file, not in the model repository " + repository.root() + ", so it cannot be "
                    + action + " here");
        }
    }

    private boolean repositoryHas(String name) {
        try {
            return repository.names().contains(name);
        } catch (ConfigException e) {
            return false;
        }
    }

    private InvalidRequestException failed(String name, String message) {
        reasons.put(name, message);
        return new InvalidRequestException("model_load_failed", message);
    }
}
