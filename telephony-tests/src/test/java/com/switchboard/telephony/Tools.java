package com.switchboard.telephony;

import com.switchboard.server.testing.RequiredTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The external programs these tests run, as tools/bootstrap installs them into .tools/. A missing
 * one is handled as every missing tool is ({@link RequiredTool}): under {@code CI=true} the build
 * fails with its name and how to install it; elsewhere the tests are skipped.
 */
final class Tools {
    static final Path ROOT = Path.of(System.getProperty("switchboard.root", ".."))
            .toAbsolutePath()
            .normalize();
    static final Path BIN = ROOT.resolve(".tools/bin");
    static final Path AGENT_PYTHON = ROOT.resolve(".tools/agent-venv/bin/python");
    static final Path AGENT = ROOT.resolve("agents/reference/agent.py");
    static final Path SERVER_JAR = Path.of(System.getProperty("switchboard.server.jar", "../server/target/server.jar"))
            .toAbsolutePath()
            .normalize();
    /** Debian's sip-tester ships this G.711 a-law RTP recording (7 s); the scenarios play it. */
    static final Path G711_PCAP = Path.of("/usr/share/sip-tester/g711a.pcap");

    private Tools() {}

    static Path bin(String name) {
        return BIN.resolve(name);
    }

    /** Fails (CI) or skips (elsewhere) unless every tool is there. */
    static void requireAll() {
        List<String> missing = new ArrayList<>();
        check(missing, bin("temporal"), "the Temporal CLI (tools/bootstrap temporal)");
        check(missing, bin("livekit-server"), "LiveKit server (tools/bootstrap livekit)");
        check(missing, bin("livekit-sip"), "LiveKit SIP (tools/bootstrap livekit)");
        check(missing, bin("redis-server"), "redis-server (tools/bootstrap redis)");
        check(missing, bin("sipp"), "sipp (tools/bootstrap sipp)");
        check(missing, G711_PCAP, G711_PCAP + " (Debian's sip-tester: tools/bootstrap sipp)");
        check(missing, AGENT_PYTHON, "the reference agent's venv (tools/bootstrap agent)");
        check(missing, SERVER_JAR, "the server's boot jar (./mvnw -pl server -am package)");
        if (missing.isEmpty()) {
            return;
        }
        RequiredTool.unavailable("the telephony tests need " + String.join(", ", missing));
    }

    private static void check(List<String> missing, Path path, String what) {
        if (!Files.isExecutable(path) && !Files.isRegularFile(path)) {
            missing.add(what);
        }
    }
}
