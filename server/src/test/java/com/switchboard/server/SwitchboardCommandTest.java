package com.switchboard.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The command line's refusals, which never start Spring. */
class SwitchboardCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return SwitchboardCommand.commandLine(
                        args,
                        new PrintStream(out, true, StandardCharsets.UTF_8),
                        new PrintStream(err, true, StandardCharsets.UTF_8))
                .execute(args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theEmbeddedFlagIsRefusedWithStatus2() {
        assertThat(run("--server.port=0", "--embedded")).isEqualTo(2);
        assertThat(err()).contains("--embedded is not part of the production server", "server-embedded");
    }

    @Test
    void livekitWithoutASubcommandPrintsUsageWithStatus64() {
        assertThat(run("livekit")).isEqualTo(64);
        assertThat(err()).startsWith("usage: switchboard livekit provision");
    }

    @Test
    void anUnknownLivekitSubcommandPrintsUsageWithStatus64() {
        assertThat(run("livekit", "deprovision")).isEqualTo(64);
        assertThat(err()).startsWith("usage: switchboard livekit provision");
    }

    @Test
    void wordsAfterProvisionPrintUsageWithStatus64() {
        assertThat(run("livekit", "provision", "now")).isEqualTo(64);
        assertThat(run("livekit", "provision", "--allow-any-source=maybe")).isEqualTo(64);
        assertThat(err()).startsWith("usage: switchboard livekit provision");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }
}
