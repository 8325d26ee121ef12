package dev.inferyx.core;

/** A client waited on a job whose deadline passed before it could run. */
public final class DeadlineExceededException extends InferyxException {
    public DeadlineExceededException(String message) {
        super("deadline_exceeded", message);
    }
}
