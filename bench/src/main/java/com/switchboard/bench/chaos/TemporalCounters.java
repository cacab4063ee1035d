package com.switchboard.bench.chaos;

import com.switchboard.bench.BenchTemporal;
import com.switchboard.bench.DevServerProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the real Temporal server did per call: its frontend requests and its persistence requests by
 * operation, read from its Prometheus page before and after a step. The round trips of a call, as
 * the server counts them; the test server has no such page (nothing printed).
 */
final class TemporalCounters {
    private static final Pattern SAMPLE =
            Pattern.compile("^(service_requests|persistence_requests)(?:_total)?\\{([^}]*)\\} ([0-9.eE+-]+)$");
    private static final Pattern OPERATION = Pattern.compile("operation=\"([^\"]+)\"");
    private static final Pattern SERVICE = Pattern.compile("service_name=\"([^\"]+)\"");

    private TemporalCounters() {}

    /** Counter values by "frontend StartWorkflowExecution" / "persistence UpdateWorkflowExecution"; empty if none. */
    static Map<String, Double> read(BenchTemporal temporal) {
        Map<String, Double> counters = new TreeMap<>();
        if (!(temporal instanceof DevServerProcess dev)) {
            return counters;
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            String page = http.send(HttpRequest.newBuilder(dev.metrics()).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
            for (String line : page.split("\n")) {
                Matcher sample = SAMPLE.matcher(line);
                if (!sample.matches()) {
                    continue;
                }
                Matcher operation = OPERATION.matcher(sample.group(2));
                Matcher service = SERVICE.matcher(sample.group(2));
                if (!operation.find()) {
                    continue;
                }
                String kind = sample.group(1).startsWith("persistence")
                        ? "persistence"
                        : service.find() ? service.group(1) : "service";
                counters.merge(kind + " " + operation.group(1), Double.parseDouble(sample.group(3)), Double::sum);
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
