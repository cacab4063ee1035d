package com.switchboard.bench;

/** The machine's 1/5/15-minute load averages: other work on the same cores skews every figure. */
final class LoadAverage {
    private LoadAverage() {}

    static String now() {
        try {
            String[] fields = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
