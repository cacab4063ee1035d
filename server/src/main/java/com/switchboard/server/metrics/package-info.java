/**
 * Health, Prometheus metrics and the per-call logging context: call counters and histograms from
 * Temporal interceptors, live-call and GPU-slot gauges from the ledger and the GPU workers'
 * status.
 */
package com.switchboard.server.metrics;
