package com.switchboard.server.embedded;

import java.io.PrintStream;

/** What an operator needs after the one command: where to look, how to log in, how to stop. */
final class StartupBanner {
    private StartupBanner() {}

    static void print(PrintStream out, EmbeddedInfrastructure infrastructure, int port, String gpuWorker) {
        EmbeddedSettings settings = infrastructure.settings();
        String line = "=".repeat(96);
        StringBuilder sb = new StringBuilder();
        sb.append('\n').append(line).append('\n');
        sb.append(" Switchboard is running (embedded default: one process, no Docker)\n\n");
        sb.append(row("Dashboard", "http://localhost:" + port + "/"));
        if (settings.demoData()) {
            sb.append(row("Demo logins", "(created on the first start)"));
            for (DemoData.Login login : DemoData.LOGINS) {
                sb.append(row("", login.email() + " / " + login.password() + "   (" + login.description() + ")"));
            }
        }
        sb.append(row(
                "Simulated calls",
                settings.callsPerMinute() + " a minute to the demo numbers (" + settings.ghostPercent()
                        + "% ghosts, bursts to 1001 answer busy)"));
        sb.append(row(
                "Temporal UI",
                infrastructure
                        .temporalUi()
                        .map(ui -> ui + "/namespaces/default/workflows  (every call, searchable by OrganizationId,"
                                + " CalledNumber, CallerNumber, CallOutcome)")
                        .orElse("none: the Java test service has no UI (--" + EmbeddedSettings.PREFIX
                                + ".temporal=test-server); drop that flag for the real server")));
        sb.append(row(
                "Temporal",
                infrastructure.temporalAddress()
                        + "  namespace default (temporal workflow describe --address "
                        + infrastructure.temporalAddress() + " -w <call-...>)"));
        sb.append(row("", infrastructure.temporalDescription()));
        sb.append(row("LiveKit simulator", infrastructure.liveKit().url().toString()));
        sb.append(row("GPU worker", gpuWorker + " on " + settings.gpuSlots() + " CPU slots"));
        sb.append(row("PostgreSQL", infrastructure.postgresUrl() + "  (user postgres)"));
        sb.append(row("Health / metrics", "http://localhost:" + port + "/actuator/health  /actuator/prometheus"));
        sb.append(row("Data", settings.dataDir() + "  (kept across restarts; delete it to start afresh)"));
        sb.append('\n').append(" Stop with Ctrl+C (everything stops with the process).\n");
        sb.append(line).append('\n');
        out.print(sb);
        out.flush();
    }

    private static String row(String label, String value) {
        return String.format(" %-18s %s%n", label, value);
    }
}
