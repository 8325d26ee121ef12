package dev.inferyx.core;

/**
 * An action needs a model this process does not serve (any more), although the thing acted on still names it:
 * e.g. replaying a dead letter of a model that was unloaded, or dropped from the configuration. Unlike
 * {@link NotFoundException} the target exists; it is its state that refuses the action, and it stays as it was.
 */
public final class ModelNotServedException extends InferyxException {

    private final String model;

    private ModelNotServedException(String model, String message) {
        super("model_not_served", message);
        this.model = model;
    }

    /** Replaying {@code what} (e.g. "dead letter 'id'", "the 3 dead letters of model m"), of {@code model}. */
    public static ModelNotServedException replay(String model, String what) {
        return new ModelNotServedException(model, "cannot replay " + what + ": model '" + model
                + "' is not served here, so no worker would run it; it stays in the dead-letter queue. Load or "
                + "configure the model again, then replay, or purge it");
    }

    /** The model that is not served. */
    public String model() {
        return model;
    }
}
