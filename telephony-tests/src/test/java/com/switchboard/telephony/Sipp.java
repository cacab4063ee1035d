package com.switchboard.telephony;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * sipp playing the PBX: one run of a scenario of src/test/resources/sipp/ for the calls of an
 * injection file (caller; called; scenario's third field), from a loopback source address to
 * LiveKit SIP.
 */
final class Sipp {
    private static final AtomicInteger RUNS = new AtomicInteger();

    private final Path scenarios;
    private final Path work;
    private final int liveKitSipPort;
    private final String liveKitSipAddress;

    Sipp(Path scenarios, Path work, int liveKitSipPort) {
        this(scenarios, work, liveKitSipPort, "127.0.0.1");
    }

    private Sipp(Path scenarios, Path work, int liveKitSipPort, String liveKitSipAddress) {
        this.scenarios = scenarios;
        this.work = work;
        this.liveKitSipPort = liveKitSipPort;
        this.liveKitSipAddress = liveKitSipAddress;
    }

    /** The same, sending to LiveKit SIP at {@code address}. */
    Sipp toAddress(String address) {
        return new Sipp(scenarios, work, liveKitSipPort, address);
    }

    /** One call's fields: caller number, called number, and the scenario's third field. */
    record Call(String caller, String called, String third) {}

    /**
     * @param ratePerSecond calls started per second (all at once for one call)
     * @param limit most calls sipp keeps open at once
     * @param timeout sipp gives up (and fails what is still open) after this
     */
    record Options(String sourceAddress, double ratePerSecond, int limit, Duration timeout) {
        static Options one(Duration timeout) {
            return new Options("127.0.0.1", 10, 1, timeout);
        }
    }

    Run start(String scenario, List<Call> calls, Options options) {
        return start(scenario, calls, options, null);
    }

    /**
     * As {@link #start(String, List, Options)}, with sipp inside the network namespace {@code
     * namespace} (through {@code ip netns exec}) unless it is null.
     */
    Run start(String scenario, List<Call> calls, Options options, String namespace) {
        int run = RUNS.incrementAndGet();
        String name = "sipp-" + run + "-" + scenario.replace(".xml", "");
        Path injection = work.resolve(name + ".csv");
        List<String> lines = new ArrayList<>();
        lines.add("SEQUENTIAL");
        calls.forEach(c -> lines.add(c.caller() + ";" + c.called() + ";" + c.third() + ";"));
        try {
            Files.write(injection, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path messages = work.resolve(name + ".messages");
        int mediaPort = Ports.freeUdpRange(Math.max(4, calls.size() * 2 + 2));
        List<String> command = new ArrayList<>();
        if (namespace != null) {
            command.addAll(List.of("ip", "netns", "exec", namespace));
        }
        command.addAll(List.of(
                Tools.bin("sipp").toString(),
                "-sf",
                scenarios.resolve(scenario).toString(),
                "-inf",
                injection.toString(),
                "-m",
                String.valueOf(calls.size()),
                "-r",
                String.valueOf((int) Math.max(1, Math.round(options.ratePerSecond() * 10))),
                "-rp",
                "10000",
                "-l",
                String.valueOf(options.limit()),
                "-i",
                options.sourceAddress(),
                "-p",
                String.valueOf(Ports.free()),
                "-mi",
                options.sourceAddress(),
                "-mp",
                String.valueOf(mediaPort),
                "-trace_msg",
                "-message_file",
                messages.toString(),
                "-trace_err",
                "-error_file",
                work.resolve(name + ".errors").toString(),
                "-nostdin",
                "-timeout",
                options.timeout().toSeconds() + "s",
                // Without it, a call left without any final response keeps sipp from quitting.
                "-timeout_error",
                liveKitSipAddress + ":" + liveKitSipPort));
        ChildProcess process = ChildProcess.start(name, command, Map.of(), work.resolve(name + ".log"));
        return new Run(process, messages);
    }

    /** One sipp process. */
    static final class Run {
        private final ChildProcess process;
        private final Path messages;

        Run(ChildProcess process, Path messages) {
            this.process = process;
            this.messages = messages;
        }

        boolean running() {
            return process.alive();
        }

        /** Waits for sipp to finish all its calls (or its own timeout) and reads its trace. */
        SippTrace await(Duration within) {
            long deadline = System.nanoTime() + within.toNanos();
            while (process.alive() && System.nanoTime() < deadline) {
                ChildProcess.sleep(100);
            }
            if (process.alive()) {
                process.stop(Duration.ofSeconds(2));
                throw new AssertionError("sipp did not finish within " + within + ":\n" + process.logTail(20));
            }
            process.reap();
            return SippTrace.read(messages);
        }

        /** Stops sipp now (its open calls go unanswered or without BYE) and reads its trace. */
        SippTrace stop() {
            process.stop(Duration.ofSeconds(2));
            return SippTrace.read(messages);
        }
    }
}
