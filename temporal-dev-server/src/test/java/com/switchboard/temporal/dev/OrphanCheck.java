package com.switchboard.temporal.dev;

import java.nio.file.Files;
import java.nio.file.Path;

/** A JVM that starts a dev server, says its port, and waits to be killed. */
final class OrphanCheck {
    private OrphanCheck() {}

    public static void main(String[] args) throws Exception {
        TemporalDevServer server = TemporalDevServer.start(
                TemporalCli.locate(), TemporalDevServer.Settings.loopback(FreePorts.one(), Path.of(args[1])));
        Files.writeString(Path.of(args[0]), Integer.toString(server.settings().port()));
        Thread.sleep(Long.MAX_VALUE);
    }
}
