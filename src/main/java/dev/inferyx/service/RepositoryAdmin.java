package dev.inferyx.service;

import java.util.List;

/**
 * The model repository's operator actions, in the shape of Triton's repository extension: list the repository's
 * models with their state, load (or reload) one, unload one. Implemented by the application wiring, which owns
 * the served models. Thread-safe; actions on the repository are serialised.
 */
public interface RepositoryAdmin {

    /** Every model in the repository (and every repository model still served), by name. */
    List<RepositoryModel> index();

    /**
     * Loads {@code name} at its highest version with its current {@code config.yaml}, or reloads it if it is
     * served: the new version and settings take over the model's queue, and jobs already accepted are run, by the
     * old version if it had started them, otherwise by the new one.
     *
     * @throws dev.inferyx.core.NotFoundException if the repository has no such model
     * @throws dev.inferyx.core.InvalidRequestException ({@code model_load_failed}) naming the file at fault if its
     *     config or model file is invalid; a model already served keeps being served as it was
     */
    RepositoryModel load(String name) throws InterruptedException;

    /**
     * Stops serving {@code name}: new requests get {@code model_not_found} at once; jobs already accepted still run
     * (within {@code server.drain_timeout}; any left after it fail with code {@code shutdown}) before this returns.
     * Unloading a model that is not loaded does nothing.
     *
     * @throws dev.inferyx.core.NotFoundException if the name is neither in the repository nor served from it
     * @throws dev.inferyx.core.InvalidRequestException ({@code not_a_repository_model}) for a config-file model
     */
    RepositoryModel unload(String name) throws InterruptedException;
}
