package com.switchboard.telephony;

import static org.assertj.core.api.Assertions.assertThat;

import com.switchboard.db.tables.records.CallsRecord;
import com.switchboard.server.netns.TestHosts;
import com.switchboard.server.netns.TestHosts.Host;
import com.switchboard.server.testing.RequiredTool;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 17, item 4: the whole stack runs inside the Switchboard host's network namespace with
 * LiveKit SIP on the host's LAN address, port 15060, and the nftables rules {@code livekit
 * provision} prints for the PBX loaded there; sipp calls from the PBX's namespace and from a
 * stranger's, over the test hosts' bridge (198.51.100.0/24 only). As root only; CI=true fails
 * without root, {@code ip}, {@code nft} or the telephony tools instead of skipping.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirewalledLiveKitSipTest {
    private static final Host HOST = new Host("sb-host", "198.51.100.1", null);
    private static final Host PBX = new Host("sb-pbx", "198.51.100.10", null);
    private static final Host STRANGER = new Host("sb-stranger", "198.51.100.66", null);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

    private TestHosts hosts;
    private TelephonyStack stack;

    @BeforeAll
    void startTheHostsAndTheStackInsideTheSwitchboardHost() throws IOException {
        Tools.requireAll();
        RequiredTool.command("nft", RequiredTool.apt("nftables"));
        hosts = TestHosts.create(HOST, List.of(PBX, STRANGER));
        stack = TelephonyStack.start(
                db -> {
                    long organization = db.organization(
                            "firewalled", 2, "{\"agentName\":\"reference-agent\",\"greeting\":\"Firewalled\"}");
                    db.number(organization, "1001", 2, null);
                },
                new TelephonyStack.Placement(hosts.namespace(HOST.role()), HOST.ipv4()));
        TelephonyStack.Provisioning provisioned = stack.provision(PBX.ipv4());
        assertThat(provisioned.exitStatus()).as(provisioned.output()).isZero();
        load(nftables(provisioned.output()));
    }

    @AfterAll
    void stopEverything() throws IOException {
        try {
            if (stack != null) {
                stack.close();
            }
        } finally {
            if (hosts != null) {
                hosts.close();
                assertThat(hosts.leftovers())
                        .as("namespaces, veths, processes left")
                        .isEmpty();
            }
        }
    }

    @Test
    @Order(1)
    @DisplayName("an INVITE from the PBX's address to a routed number reaches Switchboard and leaves a history row")
    void anInviteFromThePbxReachesSwitchboardAndLeavesAHistoryRow() {
        String caller = "+390551117001";
        SippTrace.Call call = stack.sipp
                .start(
                        "call.xml",
                        List.of(new Sipp.Call(caller, "1001", "2000")),
                        new Sipp.Options(PBX.ipv4(), 10, 1, CALL_TIMEOUT),
                        hosts.namespace(PBX.role()))
                .await(CALL_TIMEOUT.plusSeconds(10))
                .single();

        CallsRecord row = ChildProcess.await(
                "the history row of the PBX's call",
                Duration.ofSeconds(30),
                () -> stack.database.callBySipCallId(call.callId()).filter(r -> r.getOutcome() != null));
        System.out.printf(
                "FirewalledLiveKitSipTest: the PBX's INVITE got %d, history %s%n",
                call.finalStatus(), row.getOutcome());
        assertThat(call.finalStatus()).isEqualTo(200);
        assertThat(row.getCalledNumber()).isEqualTo("1001");
        assertThat(row.getOutcome()).isEqualTo("completed");
        assertThat(dropped()).as("the PBX is never dropped").isZero();
    }

    @Test
    @Order(2)
    @DisplayName("an INVITE from a stranger is dropped by the kernel before LiveKit SIP sees it: no room, no webhook,"
            + " no history row")
    void anInviteFromAStrangerIsDroppedByTheKernelAndLeavesNoTrace() {
        String caller = "+390551117066";
        long droppedBefore = dropped();
        long sipLogBefore = logSize("livekit-sip");
        Sipp.Run stranger = stack.sipp.start(
                "call.xml",
                List.of(new Sipp.Call(caller, "1001", "1000")),
                new Sipp.Options(STRANGER.ipv4(), 1, 1, Duration.ofSeconds(6)),
                hosts.namespace(STRANGER.role()));
        boolean sawRoom = stack.roomOrLineSeenWhile(stranger, caller);
        SippTrace.Call call = stranger.await(Duration.ofSeconds(20)).single();

        assertThat(call.finalStatus()).as("no response at all").isZero();
        assertThat(call.messages()).as("nothing came back").allMatch(SippTrace.Message::sent);
        assertThat(dropped() - droppedBefore)
                .as("the INVITE and its retransmissions, counted by the drop rule")
                .isPositive();
        assertThat(sawRoom).as("a room or a line while the INVITE was pending").isFalse();
        assertThat(stack.rooms()).as("rooms").noneMatch(r -> r.getName().contains(caller));
        assertThat(stack.database.callsFrom(caller)).as("history rows").isEmpty();
        assertThat(logSince("livekit-sip", sipLogBefore))
                .as("LiveKit SIP's log: it never saw the INVITE")
                .doesNotContain(call.callId())
                .doesNotContain(caller)
                .doesNotContain(STRANGER.ipv4());
        // Webhooks are about rooms and participants: without a room there is none, and neither
        // LiveKit nor the server ever heard of this caller.
        assertThat(log("livekit-server")).as("LiveKit server's log").doesNotContain(caller);
        assertThat(log("server")).as("the server's log").doesNotContain(caller);
        System.out.printf(
                "FirewalledLiveKitSipTest: the stranger's INVITE got nothing back; the rule dropped %d packets%n",
                dropped() - droppedBefore);
    }

    @Test
    @Order(3)
    @DisplayName("without the rules the stranger's INVITE does reach LiveKit SIP, which refuses it itself: the"
            + " silence above is the kernel's")
    void withoutTheRulesTheStrangersInviteReachesLiveKitSip() {
        hosts.exec(HOST.role(), "nft", "delete", "table", "inet", "switchboard_sip")
                .requireSuccess();
        String caller = "+390551117067";
        long sipLogBefore = logSize("livekit-sip");
        SippTrace.Call call = stack.sipp
                .start(
                        "call.xml",
                        List.of(new Sipp.Call(caller, "1001", "1000")),
                        new Sipp.Options(STRANGER.ipv4(), 1, 1, Duration.ofSeconds(6)),
                        hosts.namespace(STRANGER.role()))
                .await(Duration.ofSeconds(20))
                .single();

        assertThat(logSince("livekit-sip", sipLogBefore))
                .as("LiveKit SIP's log")
                .contains(call.callId())
                .contains("\"fromIP\": \"" + STRANGER.ipv4() + "\"");
        assertThat(stack.database.callsFrom(caller)).as("history rows").isEmpty();
        assertThat(stack.rooms()).as("rooms").noneMatch(r -> r.getName().contains(caller));
    }

    /** The nftables part of what {@code livekit provision} printed, unedited: from its comment to its table's end. */
    private static String nftables(String output) {
        int start = output.indexOf("# nftables");
        assertThat(start)
                .as("livekit provision printed nftables rules:%n%s", output)
                .isNotNegative();
        String rules = output.substring(start);
        int end = rules.indexOf("\n}\n");
        return end < 0 ? rules : rules.substring(0, end + 3);
    }

    private void load(String rules) throws IOException {
        Path file = Files.createTempFile("switchboard-sip-", ".nft");
        try {
            Files.writeString(file, rules, StandardCharsets.UTF_8);
            hosts.exec(HOST.role(), "nft", "-f", file.toString()).requireSuccess();
        } finally {
            Files.delete(file);
        }
    }

    /** Packets the UDP drop rule for the SIP port counted. */
    private long dropped() {
        String chain = hosts.exec(HOST.role(), "nft", "list", "chain", "inet", "switchboard_sip", "prerouting")
                .requireSuccess();
        Matcher rule = Pattern.compile("udp dport " + stack.sipPort + " counter packets (\\d+) bytes \\d+ drop")
                .matcher(chain);
        assertThat(rule.find()).as("the UDP drop rule in%n%s", chain).isTrue();
        return Long.parseLong(rule.group(1));
    }

    private String log(String name) {
        return logSince(name, 0);
    }

    private long logSize(String name) {
        try {
            return Files.size(stack.work.resolve(name + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String logSince(String name, long offset) {
        try {
            byte[] all = Files.readAllBytes(stack.work.resolve(name + ".log"));
            int from = (int) Math.min(offset, all.length);
            return new String(all, from, all.length - from, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
