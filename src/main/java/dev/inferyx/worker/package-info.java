/**
 * Model execution on bounded platform threads: {@link dev.inferyx.worker.WorkerPool} dispatches batches to idle
 * workers and resizes itself by the pure {@link dev.inferyx.worker.Autoscaler} rules.
 */
package dev.inferyx.worker;
