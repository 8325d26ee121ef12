package dev.inferyx.app;

/** What one Inferyx process runs. */
enum Role {
    /** HTTP API, batchers and worker pools in one process ({@code serve}); in-memory queue unless Redis is set. */
    ALL(true, true),
    /** HTTP API only, admitting into the shared Redis queue ({@code gateway}). */
    GATEWAY(true, false),
    /** Batchers and worker pools on the shared Redis queue; HTTP serves only health and metrics ({@code worker}). */
    WORKER(false, true);

    private final boolean servesApi;
    private final boolean runsModels;

    Role(boolean servesApi, boolean runsModels) {
        this.servesApi = servesApi;
        this.runsModels = runsModels;
    }

    boolean servesApi() {
        return servesApi;
    }

    boolean runsModels() {
        return runsModels;
    }
}
