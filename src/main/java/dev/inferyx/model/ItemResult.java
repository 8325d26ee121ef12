package dev.inferyx.model;

import dev.inferyx.core.JobError;
import dev.inferyx.core.Output;
import java.util.Objects;

/** What a model produced for one input of a batch. */
public sealed interface ItemResult {

    record Success(Output output) implements ItemResult {
        public Success {
            Objects.requireNonNull(output, "output");
        }
    }

    /** This input could not be processed; the rest of the batch is unaffected. */
    record Failure(JobError error) implements ItemResult {
        public Failure {
            Objects.requireNonNull(error, "error");
        }
    }
}
