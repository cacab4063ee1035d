package com.switchboard.server.embedded;

import com.switchboard.server.SwitchboardApplication;

/**
 * The embedded default's entry point ({@code java -jar server-embedded/target/server-embedded.jar
 * [--switchboard.embedded.<name>=<value> ...] [--<server property>=<value> ...]}, which {@code
 * ./switchboard-dev} runs): PostgreSQL, Temporal and the LiveKit simulator on this machine, then the
 * production server's Spring application against them. {@code --embedded}, which started it when
 * it lived in server.jar, is accepted and changes nothing. The server's own commands ({@code
 * livekit provision}) belong to server.jar.
 */
public final class EmbeddedMain {
    private EmbeddedMain() {}

    public static void main(String[] args) {
        SwitchboardApplication.useServerLogging();
        // Runs until Ctrl+C: the JVM's shutdown closes the server, then the infrastructure.
        EmbeddedSwitchboard.start(args);
    }
}
