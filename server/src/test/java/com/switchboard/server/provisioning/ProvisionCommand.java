package com.switchboard.server.provisioning;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** {@code livekit provision} as {@code java -jar server.jar} runs it, with its output captured. */
final class ProvisionCommand {
    private ProvisionCommand() {}

    /** What the command printed and its exit status. */
    record Run(int status, String out, String err) {

        /** The nftables part of the output, from its comment line to the end: what an operator installs. */
        String nftables() {
            int start = out.indexOf("# nftables");
            if (start < 0) {
                throw new IllegalStateException("the command printed no nftables rules:\n" + out + err);
            }
            return out.substring(start);
        }
    }

    /**
     * The arguments of a valid run for the PBX {@code yeastar} on SIP port 15060, with {@code
     * overrides} ({@code --key=value}) replacing the defaults of the same key.
     */
    static List<String> args(URI liveKitUrl, String apiKey, String apiSecret, String... overrides) {
        List<String> args = new ArrayList<>(List.of(
                "livekit",
                "provision",
                "--switchboard.livekit.url=" + liveKitUrl,
                "--switchboard.livekit.api-key=" + apiKey,
                "--switchboard.livekit.api-secret=" + apiSecret,
                "--switchboard.provisioning.pbx-name=yeastar",
                "--switchboard.provisioning.sip-port=15060",
                "--switchboard.provisioning.rtp-ports=10000-10099",
                "--switchboard.provisioning.planned-concurrent-calls=50",
                "--switchboard.provisioning.webhook-url=https://switchboard.example.com/livekit/webhook"));
        for (String override : overrides) {
            String key = override.substring(0, override.indexOf('=') + 1);
            args.removeIf(a -> a.startsWith(key));
            args.add(override);
        }
        return args;
    }

    static Run run(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = LiveKitCommand.run(
                args.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
