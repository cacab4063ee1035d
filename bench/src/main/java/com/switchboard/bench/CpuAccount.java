package com.switchboard.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * CPU time by process of a benchmark: this JVM and every process it started (the server's jar,
 * Temporal, PostgreSQL), read from {@code /proc}, so that a run says where its CPU went and not
 * just the machine's load average. Linux only; elsewhere the account is empty.
 */
public final class CpuAccount {
    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private final Map<String, Double> seconds;

    private CpuAccount(Map<String, Double> seconds) {
        this.seconds = seconds;
    }

    /** CPU seconds used so far, by process role. */
    public static CpuAccount now() {
        Map<String, Double> byRole = new TreeMap<>();
        add(byRole, ProcessHandle.current());
        ProcessHandle.current().descendants().forEach(p -> add(byRole, p));
        return new CpuAccount(byRole);
    }

    /** What each role used between {@code before} and this account. */
    private Map<String, Double> since(CpuAccount before) {
        Map<String, Double> used = new LinkedHashMap<>();
        seconds.forEach((role, s) -> used.put(role, s - before.seconds.getOrDefault(role, 0.0)));
        return used;
    }

    /** One line: each role's CPU seconds and share of the machine over {@code wallSeconds}. */
    public String report(CpuAccount before, double wallSeconds) {
        int cpus = Runtime.getRuntime().availableProcessors();
        StringBuilder sb = new StringBuilder();
        double total = 0;
        for (Map.Entry<String, Double> e : since(before).entrySet()) {
            if (e.getValue() < 0.05) {
                continue;
            }
            total += e.getValue();
            sb.append(String.format(
                    "%s %.1f s (%.0f%%), ", e.getKey(), e.getValue(), 100 * e.getValue() / (wallSeconds * cpus)));
        }
        return sb.append(String.format(
                        "all %.1f s of %.1f s available on %d CPUs (%.0f%%)",
                        total, wallSeconds * cpus, cpus, 100 * total / (wallSeconds * cpus)))
                .toString();
    }

    private static void add(Map<String, Double> byRole, ProcessHandle process) {
        Path proc = Path.of("/proc", Long.toString(process.pid()));
        try {
            String stat = Files.readString(proc.resolve("stat"));
            // Fields after the command (which may hold spaces) start behind its closing parenthesis.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            double ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            byRole.merge(role(process, proc), ticks / TICKS_PER_SECOND, Double::sum);
        } catch (IOException | RuntimeException gone) {
            // The process ended between the listing and the read, or this is not Linux.
        }
    }

    private static String role(ProcessHandle process, Path proc) throws IOException {
        if (process.pid() == ProcessHandle.current().pid()) {
            return "bench JVM (load, simulator, GPU worker)";
        }
        String cmdline = Files.readString(proc.resolve("cmdline")).replace('\0', ' ');
        if (cmdline.contains("server.jar")) {
            return "server";
        }
        if (cmdline.contains("temporal")) { // the CLI's dev server, or the Java test server's main class
            return "temporal";
        }
        if (cmdline.contains("postgres")) {
            return "postgres";
        }
        return "other";
    }
}
