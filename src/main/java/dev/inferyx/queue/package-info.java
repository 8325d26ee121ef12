/**
 * The {@link dev.inferyx.queue.JobQueue} and {@link dev.inferyx.queue.JobStore} contracts that every backend
 * implements (in memory in {@code queue.memory}; Redis in a later backend), and their shared semantics.
 */
package dev.inferyx.queue;
