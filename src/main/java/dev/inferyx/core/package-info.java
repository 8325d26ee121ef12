/**
 * The domain every other package shares: jobs and their ids and states, model inputs and outputs, and the
 * sealed hierarchy of client-facing errors. Depends on the JDK only. Time is always read from an injected
 * {@link java.time.InstantSource} so tests can advance a fake clock instead of sleeping.
 */
package dev.inferyx.core;
