/**
 * The metrics seam: an event interface with a no-op default and an exporter for {@code /metrics}. Only
 * {@code metrics.prometheus} imports the Prometheus client.
 */
package dev.inferyx.metrics;
