package com.switchboard.server.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.switchboard.livekit.simulator.LiveKitSimulator;
import com.switchboard.livekit.simulator.SimulatorConfig;
import com.switchboard.server.netns.NetProbeProcess;
import com.switchboard.server.netns.NetProbeProcess.Outcome;
import com.switchboard.server.netns.NetProbeProcess.Reply;
import com.switchboard.server.netns.TestHosts;
import com.switchboard.server.netns.TestHosts.Host;
import com.switchboard.server.testing.RequiredTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The nftables rules {@code livekit provision} prints, loaded into a real kernel: the Switchboard host,
 * the PBX and a stranger are network namespaces on one LAN, the host runs a plain socket listener on
 * the ports the README opens, and the PBX and the stranger send it SIP. As root only; CI=true fails
 * without root, {@code ip} or {@code nft} instead of skipping.
 */
class FirewallTest {
    private static final String KEY = "APIfirewall";
    private static final String SECRET = "firewall-secret-0123456789abcdef0123456789";
    private static final int SIP = 15060;

    private static final Host HOST = new Host("sb-host", "198.51.100.1", "2001:db8:5::1");
    private static final Host PBX = new Host("sb-pbx", "198.51.100.10", "2001:db8:5::10");
    private static final Host STRANGER = new Host("sb-stranger", "198.51.100.66", "2001:db8:5::66");

    /**
     * The README's "Open to the internet" besides SIP: the dashboard (8080), LiveKit for the agents'
     * hosts (7880), WebRTC (7881, 50000-60000) and RTP (10000-12000), each range by its ends; and the
     * ports beside 15060, to show the rules match that port alone.
     */
    private static final List<String> OPEN = List.of(
            "tcp:8080",
            "tcp:7880",
            "tcp:7881",
            "udp:10000",
            "udp:12000",
            "udp:50000",
            "udp:60000",
            "udp:15059",
            "udp:15061",
            "tcp:15061");

    /** A bound, not a wait: replies on this LAN take milliseconds. */
    private static final Duration ANSWER = Duration.ofSeconds(5);

    /** How long a client listens for a reply that must not come. */
    private static final Duration SILENCE = Duration.ofMillis(1500);

    private static TestHosts hosts;
    private static NetProbeProcess listener;
    private static NetProbeProcess pbx;
    private static NetProbeProcess stranger;
    private static LiveKitSimulator simulator;
    private static String rules;

    @BeforeAll
    static void start() {
        RequiredTool.command("nft", RequiredTool.apt("nftables"));
        simulator = LiveKitSimulator.start(SimulatorConfig.defaults(KEY, SECRET).withPbxAddress(PBX.ipv4()));
        rules = printedRules(PBX.ipv4() + "," + PBX.ipv6());
        hosts = TestHosts.create(HOST, List.of(PBX, STRANGER));
        List<String> endpoints = new ArrayList<>(List.of("udp:" + SIP, "tcp:" + SIP));
        endpoints.addAll(OPEN);
        listener = NetProbeProcess.listen(hosts, HOST.role(), endpoints);
        pbx = NetProbeProcess.client(hosts, PBX.role());
        stranger = NetProbeProcess.client(hosts, STRANGER.role());
    }

    @AfterAll
    static void stop() {
        if (simulator != null) {
            simulator.close();
        }
        if (hosts != null) {
            hosts.close();
            assertThat(hosts.leftovers())
                    .as("namespaces, veths, processes left")
                    .isEmpty();
        }
    }

    @BeforeEach
    void noRulesYet() {
        hosts.exec(HOST.role(), "nft", "flush", "ruleset").requireSuccess();
    }

    @Test
    void theRulesTheCommandPrintsLoadAsPrintedAndLoadingThemAgainLeavesOneCopy() {
        load(rules);
        String once = ruleset();
        load(rules);
        String twice = ruleset();

        assertThat(twice).isEqualTo(once);
        assertThat(occurrences(twice, "table inet switchboard_sip")).isEqualTo(1);
        assertThat(occurrences(twice, "dport 15060 accept"))
                .as("one accept per family and protocol")
                .isEqualTo(4);
        assertThat(occurrences(twice, "counter packets"))
                .as("one drop each for UDP and TCP")
                .isEqualTo(2);
        assertThat(twice).contains("elements = { " + PBX.ipv4() + " }", "elements = { " + PBX.ipv6() + " }");

        // The PBX moved: provisioning again and loading the new rules replaces its address.
        load(printedRules("198.51.100.11"));
        String moved = ruleset();

        assertThat(moved)
                .contains("elements = { 198.51.100.11 }")
                .doesNotContain(PBX.ipv4())
                .doesNotContain("pbx_v6");
        assertThat(occurrences(moved, "counter packets")).isEqualTo(2);
    }

    @Test
    void thePbxIsAnsweredOnPort15060OverUdpAndTcpOnBothAddressFamilies() {
        load(rules);
        int mark = listener.lines().size();

        List<String> probes = new ArrayList<>();
        for (String protocol : List.of("udp", "tcp")) {
            for (String address : List.of(HOST.ipv4(), HOST.ipv6())) {
                for (String method : List.of("OPTIONS", "INVITE")) {
                    Reply reply = pbx.probe(protocol, address, SIP, method, ANSWER);
                    assertThat(reply.outcome())
                            .as("%s %s to %s: %s", method, protocol, address, reply)
                            .isEqualTo(Outcome.ANSWERED);
                    probes.add(protocol + "/" + address + " " + method + " " + reply.millis() + " ms");
                }
            }
        }

        assertThat(counters()).isEqualTo(new DropCounters(0, 0));
        assertThat(receivedSince(mark, 8))
                .hasSize(8)
                .allSatisfy(line -> assertThat(isFrom(line, PBX)).as(line).isTrue());
        System.out.println("FirewallTest: the PBX was answered: " + probes);
    }

    @Test
    void aStrangerGetsNothingBackOnPort15060AndTheRuleCountsEveryDroppedPacket() {
        // Without the rules the stranger is answered: the silence below is the rules' doing.
        assertThat(stranger.probe("udp", HOST.ipv4(), SIP, "OPTIONS", ANSWER).outcome())
                .isEqualTo(Outcome.ANSWERED);
        assertThat(stranger.probe("tcp", HOST.ipv6(), SIP, "INVITE", ANSWER).outcome())
                .isEqualTo(Outcome.ANSWERED);
        load(rules);
        int mark = listener.lines().size();

        List<Reply> udp = new ArrayList<>();
        List<Reply> tcp = new ArrayList<>();
        for (String address : List.of(HOST.ipv4(), HOST.ipv6())) {
            udp.add(stranger.probe("udp", address, SIP, "OPTIONS", SILENCE));
            udp.add(stranger.probe("udp", address, SIP, "INVITE", SILENCE));
            tcp.add(stranger.probe("tcp", address, SIP, "INVITE", SILENCE));
        }
        DropCounters dropped = counters();

        assertThat(udp)
                .as("silently: no reply, no ICMP")
                .extracting(Reply::outcome)
                .containsOnly(Outcome.SILENCE);
        assertThat(tcp)
                .as("silently: no SYN-ACK, no reset")
                .extracting(Reply::outcome)
                .containsOnly(Outcome.SILENCE);
        assertThat(dropped.udpPackets()).as("one per datagram sent").isEqualTo(udp.size());
        assertThat(dropped.tcpPackets())
                .as("each connect's SYN and its retransmissions")
                .isGreaterThanOrEqualTo(tcp.size());
        // The PBX still gets through meanwhile, and is not counted.
        assertThat(pbx.probe("udp", HOST.ipv6(), SIP, "OPTIONS", ANSWER).outcome())
                .isEqualTo(Outcome.ANSWERED);
        assertThat(counters()).isEqualTo(dropped);
        // The listener logs in arrival order: once the PBX's request shows, a stranger's would have.
        assertThat(receivedSince(mark, 1))
                .as("nothing of the stranger's reached the listener")
                .singleElement()
                .satisfies(line -> assertThat(isFrom(line, PBX)).as(line).isTrue());
        System.out.println(
                "FirewallTest: the stranger got silence: udp " + udp + ", tcp " + tcp + "; dropped " + dropped);
    }

    @Test
    void theStrangerStillReachesTheDashboardTheMediaPortsAndThePortsBeside15060() {
        load(rules);
        int mark = listener.lines().size();

        List<String> probes = new ArrayList<>();
        for (String endpoint : OPEN) {
            String[] parts = endpoint.split(":");
            for (String address : List.of(HOST.ipv4(), HOST.ipv6())) {
                Reply reply = stranger.probe(parts[0], address, Integer.parseInt(parts[1]), "PING", ANSWER);
                assertThat(reply.outcome())
                        .as("%s on %s: %s", endpoint, address, reply)
                        .isEqualTo(Outcome.ANSWERED);
                probes.add(endpoint + "/" + address + " " + reply.millis() + " ms");
            }
        }

        assertThat(receivedSince(mark, 2 * OPEN.size())).hasSize(2 * OPEN.size());
        assertThat(counters()).isEqualTo(new DropCounters(0, 0));
        System.out.println("FirewallTest: the stranger reached " + probes);
    }

    /** The nftables part of what {@code livekit provision} prints for these PBX addresses, unedited. */
    private static String printedRules(String pbxAddresses) {
        ProvisionCommand.Run run = ProvisionCommand.run(ProvisionCommand.args(
                simulator.url(), KEY, SECRET, "--switchboard.provisioning.pbx-addresses=" + pbxAddresses));
        assertThat(run.status()).as(run.err()).isEqualTo(LiveKitCommand.OK);
        return run.nftables();
    }

    /** As the README says: the printed rules in a file, loaded with {@code nft -f}. */
    private static void load(String printed) {
        try {
            Path file = Files.createTempFile("switchboard-sip-", ".nft");
            try {
                Files.writeString(file, printed, StandardCharsets.UTF_8);
                hosts.exec(HOST.role(), "nft", "-f", file.toString()).requireSuccess();
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String ruleset() {
        return hosts.exec(HOST.role(), "nft", "list", "ruleset").requireSuccess();
    }

    /** The packets the two drop rules counted. */
    record DropCounters(long udpPackets, long tcpPackets) {}

    private static DropCounters counters() {
        String chain = hosts.exec(HOST.role(), "nft", "list", "chain", "inet", "switchboard_sip", "prerouting")
                .requireSuccess();
        return new DropCounters(counted(chain, "udp"), counted(chain, "tcp"));
    }

    private static long counted(String chain, String protocol) {
        Matcher rule = Pattern.compile(
                        "\\n\\s*" + protocol + " dport " + SIP + " counter packets (\\d+) bytes \\d+ drop\\n")
                .matcher(chain);
        assertThat(rule.find()).as("the %s drop rule in%n%s", protocol, chain).isTrue();
        return Long.parseLong(rule.group(1));
    }

    /** What reached the listener since line {@code mark}, once {@code expected} requests have (or 5 s passed). */
    private static List<String> receivedSince(int mark, int expected) {
        return listener.awaitLines(mark, line -> line.startsWith("received "), expected, ANSWER);
    }

    /** Whether a listener line ({@code received udp:15060 from <address> OPTIONS}) came from the host. */
    private static boolean isFrom(String line, Host host) {
        try {
            InetAddress from = InetAddress.getByName(line.split(" ")[3]);
            return from.equals(InetAddress.getByName(host.ipv4())) || from.equals(InetAddress.getByName(host.ipv6()));
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static int occurrences(String text, String part) {
        return text.split(Pattern.quote(part), -1).length - 1;
    }
}
