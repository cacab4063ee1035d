package com.switchboard.bench;

/** The machine's 1/5/15-minute load averages: other work on the same cores skews every figure. */
public final class LoadAverage {
    private LoadAverage() {}

    /** "1.05 0.98 0.77", or the JVM's one-minute figure where /proc/loadavg cannot be read. */
    public static String now() {
        try {
            String[] fields = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException | RuntimeException e) {
            return String.format(
                    "%.2f",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                            .getSystemLoadAverage());
        }
    }
}
