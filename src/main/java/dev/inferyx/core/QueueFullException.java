package dev.inferyx.core;

/**
 * Admission refused: the model already holds as many unfinished jobs (queued + batching + running) as its
 * bound allows. The message states the bound and the current state so an operator can act on it.
 */
public final class QueueFullException extends InferyxException {
    private final String model;
    private final int bound;
    private final int unfinished;

    public QueueFullException(String model, int bound, int unfinished, String state) {
        super("queue_full", "queue for model " + model + " full: " + unfinished + "/" + bound
                + " unfinished jobs" + (state.isEmpty() ? "" : ", " + state));
        this.model = model;
        this.bound = bound;
        this.unfinished = unfinished;
    }

    public String model() {
        return model;
    }

    public int bound() {
        return bound;
    }

    public int unfinished() {
        return unfinished;
    }
}
