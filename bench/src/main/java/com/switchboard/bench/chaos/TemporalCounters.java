package com.switchboard.bench.chaos;

import com.switchboard.bench.BenchTemporal;
import com.switchboard.bench.DevServerProcess;
import com.switchboard.bench.PrometheusPage;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the real Temporal server did per call: its frontend requests and its persistence requests by
 * operation, read from its Prometheus page before and after a step. The round trips of a call, as
 * the server counts them; the test server has no such page (nothing printed).
 */
final class TemporalCounters {
    private TemporalCounters() {}

    /** Counter values by "frontend StartWorkflowExecution" / "persistence UpdateWorkflowExecution"; empty if none. */
    static Map<String, Double> read(BenchTemporal temporal) {
        Map<String, Double> counters = new TreeMap<>();
        if (!(temporal instanceof DevServerProcess dev)) {
            return counters; // the test server has no metrics page
        }
        try {
            for (PrometheusPage.Sample sample : PrometheusPage.fetch(dev.metrics())) {
                String name = sample.name().replaceFirst("_total$", "");
                String operation = sample.label("operation");
                if (operation == null || !(name.equals("service_requests") || name.equals("persistence_requests"))) {
                    continue;
                }
                String service = sample.label("service_name");
                String kind =
                        name.equals("persistence_requests") ? "persistence" : service != null ? service : "service";
                counters.merge(kind + " " + operation, sample.value(), Double::sum);
            }
        } catch (Exception e) {
            System.out.println("      (Temporal's counters not readable: " + e + ")");
        }
        return counters;
    }

    /** The frontend requests and persistence writes per call placed between the two readings. */
    static void printPerCall(Map<String, Double> before, Map<String, Double> after, int calls) {
        if (after.isEmpty() || calls == 0) {
            return;
        }
        StringBuilder frontend = new StringBuilder();
        StringBuilder persistence = new StringBuilder();
        double frontendTotal = 0;
        double persistenceTotal = 0;
        for (Map.Entry<String, Double> entry : after.entrySet()) {
            double perCall = (entry.getValue() - before.getOrDefault(entry.getKey(), 0.0)) / calls;
            if (perCall < 0.05) {
                continue;
            }
            String[] kindAndOperation = entry.getKey().split(" ", 2);
            if (kindAndOperation[0].equals("frontend")) {
                frontend.append(String.format(" %s %.1f", kindAndOperation[1], perCall));
                frontendTotal += perCall;
            } else if (kindAndOperation[0].equals("persistence")) {
                persistence.append(String.format(" %s %.1f", kindAndOperation[1], perCall));
                persistenceTotal += perCall;
            }
        }
        System.out.printf("      Temporal per call: %.1f frontend requests:%s%n", frontendTotal, frontend);
        System.out.printf("      Temporal per call: %.1f persistence requests:%s%n", persistenceTotal, persistence);
    }
}
