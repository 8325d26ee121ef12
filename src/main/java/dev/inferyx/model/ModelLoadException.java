package dev.inferyx.model;

/**
 * A model that cannot be served: its file is missing or unreadable, is not a model, or declares inputs or outputs
 * Inferyx cannot carry. The message names the file and the reason, so it can be shown to an operator as it is.
 */
public final class ModelLoadException extends IllegalStateException {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
