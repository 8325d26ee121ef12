package dev.inferyx.queue.memory;

import dev.inferyx.queue.JobQueue;
import dev.inferyx.queue.JobQueueContract;
import dev.inferyx.queue.RetentionPolicy;
import java.time.InstantSource;

/** Runs the backend contract against the in-memory queue. */
class MemoryJobQueueTest extends JobQueueContract {

    @Override
    protected JobQueue newQueue(InstantSource clock, RetentionPolicy retention) {
        return new MemoryJobQueue(new MemoryJobStore(retention, clock), clock);
    }
}
