package com.switchboard.server.provisioning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.switchboard.activities.livekit.LiveKitClients;
import com.switchboard.activities.livekit.LiveKitSettings;
import com.switchboard.livekit.simulator.CallState;
import com.switchboard.livekit.simulator.LiveKitSimulator;
import com.switchboard.livekit.simulator.SimulatedCall;
import com.switchboard.livekit.simulator.SimulatorConfig;
import com.switchboard.server.provisioning.ProvisioningReport.Change;
import io.livekit.server.CreateSipDispatchRuleOptions;
import io.livekit.server.CreateSipInboundTrunkOptions;
import io.livekit.server.SipDispatchRuleIndividual;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import livekit.LivekitAgentDispatch;
import livekit.LivekitRoom;
import livekit.LivekitSip;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProvisioningTest {
    private static final String KEY = "APIprovisioning";
    private static final String SECRET = "provisioning-secret-0123456789abcdef0123456789";
    private static final List<String> PBX = List.of("198.51.100.7", "2001:db8:5::/64");

    private LiveKitSimulator simulator;
    private LiveKitClients clients;

    @BeforeEach
    void start() {
        simulator = LiveKitSimulator.start(SimulatorConfig.defaults(KEY, SECRET).withPbxAddress("198.51.100.7"));
        clients = LiveKitClients.create(new LiveKitSettings(simulator.url(), KEY, SECRET));
    }

    @AfterEach
    void stop() {
        clients.close();
        simulator.close();
    }

    private ProvisioningReport provision(List<String> addresses, boolean allowAnySource) {
        return new LiveKitProvisioner(clients)
                .provision(ProvisioningPlan.forPbx("yeastar", "call-", SourceAllowlist.of(addresses, allowAnySource)));
    }

    @Test
    void provisioningAgainAndAgainLeavesExactlyOneTrunkAndOneRule() {
        ProvisioningReport first = provision(PBX, false);
        ProvisioningReport second = provision(PBX, false);
        ProvisioningReport third = provision(PBX, false);

        assertThat(first.trunk()).isEqualTo(Change.CREATED);
        assertThat(first.rule()).isEqualTo(Change.CREATED);
        assertThat(List.of(second.trunk(), second.rule(), third.trunk(), third.rule()))
                .containsOnly(Change.UNCHANGED);
        assertThat(simulator.inboundTrunks()).singleElement().satisfies(trunk -> {
            assertThat(trunk.getName()).isEqualTo("switchboard-yeastar");
            assertThat(trunk.getNumbersList()).as("any dialed number").isEmpty();
            assertThat(trunk.getAllowedAddressesList()).containsExactlyElementsOf(PBX);
        });
        assertThat(simulator.dispatchRules()).singleElement().satisfies(rule -> {
            assertThat(rule.getTrunkIdsList()).containsExactly(first.trunkId());
            assertThat(rule.getRule().getDispatchRuleIndividual().getRoomPrefix())
                    .isEqualTo("call-");
            assertThat(rule.hasRoomConfig()).isFalse();
        });
    }

    @Test
    void callsFromThePbxRingInTheirOwnRoomAndOthersAreTurnedAway() {
        provision(PBX, false);

        SimulatedCall fromPbx = simulator.placeCall("+390557654321", "+390551112223", "198.51.100.7");
        SimulatedCall fromPbxV6 = simulator.placeCall("1001", "+390551112224", "2001:db8:5::20");
        SimulatedCall fromStranger = simulator.placeCall("+390557654321", "+390551112223", "203.0.113.66");

        assertThat(fromPbx.state()).isEqualTo(CallState.RINGING);
        assertThat(fromPbx.roomName()).startsWith("call-_+390551112223_");
        assertThat(fromPbxV6.state()).isEqualTo(CallState.RINGING);
        assertThat(fromStranger.state()).isEqualTo(CallState.NOT_ACCEPTED);
        assertThat(simulator.dispatches()).as("no agent joins before admission").isEmpty();
    }

    @Test
    void aTrunkAndRuleChangedByHandAreBroughtBackToTheConfiguredState() throws IOException {
        CreateSipInboundTrunkOptions trunkOptions = new CreateSipInboundTrunkOptions();
        trunkOptions.setAllowedAddresses(List.of("0.0.0.0/0"));
        LivekitSip.SIPInboundTrunkInfo handMade = clients.sip()
                .createSipInboundTrunk("switchboard-yeastar", List.of("1000"), trunkOptions)
                .execute()
                .body();
        CreateSipDispatchRuleOptions ruleOptions = new CreateSipDispatchRuleOptions();
        ruleOptions.setName("switchboard-yeastar");
        ruleOptions.setRoomConfig(LivekitRoom.RoomConfiguration.newBuilder()
                .addAgents(LivekitAgentDispatch.RoomAgentDispatch.newBuilder().setAgentName("receptionist"))
                .build());
        clients.sip()
                .createSipDispatchRule(new SipDispatchRuleIndividual("room", null), ruleOptions)
                .execute();

        ProvisioningReport report = provision(PBX, false);

        assertThat(report.trunk()).isEqualTo(Change.UPDATED);
        assertThat(report.rule()).isEqualTo(Change.UPDATED);
        assertThat(report.trunkId()).isEqualTo(handMade.getSipTrunkId());
        LivekitSip.SIPInboundTrunkInfo trunk = simulator.inboundTrunks().get(0);
        assertThat(trunk.getNumbersList()).isEmpty();
        assertThat(trunk.getAllowedAddressesList()).containsExactlyElementsOf(PBX);
        LivekitSip.SIPDispatchRuleInfo rule = simulator.dispatchRules().get(0);
        assertThat(rule.getTrunkIdsList()).containsExactly(handMade.getSipTrunkId());
        assertThat(rule.hasRoomConfig()).as("no agents in the room config").isFalse();
        assertThat(rule.getRule().getDispatchRuleIndividual().getRoomPrefix()).isEqualTo("call-");
        assertThat(provision(PBX, false).trunk()).isEqualTo(Change.UNCHANGED);
    }

    @Test
    void anotherRuleThatNamesNoTrunkIsReported() throws IOException {
        clients.sip()
                .createSipDispatchRule(new SipDispatchRuleIndividual("other", null), new CreateSipDispatchRuleOptions())
                .execute();

        ProvisioningReport report = provision(PBX, false);

        assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("names no trunk"));
    }

    @Test
    void anEmptyAllowlistIsRefused() {
        assertThatThrownBy(() -> provision(List.of(), false))
                .isInstanceOf(ProvisioningRefused.class)
                .hasMessageContaining("--allow-any-source");
        assertThat(simulator.inboundTrunks()).isEmpty();
    }

    @Test
    void invalidAddressesAreRefusedEachWithItsReason() {
        List<String> bad = List.of("192.168.1.300", "pbx.example.com", "10.0.0.0/33", "0.0.0.0/0", "", "10.0.0.0/x");

        assertThatThrownBy(() -> provision(bad, false))
                .isInstanceOfSatisfying(
                        ProvisioningRefused.class, e -> assertThat(e.reasons()).hasSize(6));
        assertThat(simulator.inboundTrunks()).isEmpty();
    }

    @Test
    void anySourceIsAcceptedOnlyWhenAskedForAndThenWarnedAbout() {
        ProvisioningReport report = provision(List.of(), true);

        assertThat(simulator.inboundTrunks().get(0).getAllowedAddressesList()).isEmpty();
        assertThat(report.warnings()).anySatisfy(w -> assertThat(w).contains("ANY source"));
    }

    @Test
    void theRtpRangeMustHoldTwoPortsForEveryPlannedCall() {
        RtpPortRange range = RtpPortRange.parse("10000-10011");

        range.requireCapacity(6);
        assertThatThrownBy(() -> range.requireCapacity(7))
                .isInstanceOf(ProvisioningRefused.class)
                .hasMessageContaining("12 ports")
                .hasMessageContaining("7 are planned");
        assertThatThrownBy(() -> RtpPortRange.parse("20000-10000")).isInstanceOf(ProvisioningRefused.class);
        assertThatThrownBy(() -> RtpPortRange.parse("lots")).isInstanceOf(ProvisioningRefused.class);
    }

    @Test
    void theCommandProvisionsOnceAndPrintsWebhookBlockPortsAndFirewallRules() {
        List<String> args = commandArgs("--switchboard.provisioning.pbx-addresses=198.51.100.7,203.0.113.0/28");

        Run first = command(args);
        Run second = command(args);

        assertThat(first.status()).as(first.err()).isEqualTo(LiveKitCommand.OK);
        assertThat(second.status()).isEqualTo(LiveKitCommand.OK);
        assertThat(first.out()).contains("created");
        assertThat(second.out()).contains("already as configured");
        assertThat(first.out())
                .contains("webhook:\n  api_key: " + KEY
                        + "\n  urls:\n    - https://switchboard.example.com/livekit/webhook")
                .contains("sip_port: 15060")
                .contains("rtp_port: 10000-10099")
                .contains("elements = { 198.51.100.7, 203.0.113.0/28 }")
                .contains("ip saddr @pbx_v4 udp dport 15060 accept")
                .contains("ip saddr @pbx_v4 tcp dport 15060 accept")
                .contains("udp dport 15060 counter drop")
                .contains("tcp dport 15060 counter drop");
        assertThat(simulator.inboundTrunks()).hasSize(1);
        assertThat(simulator.dispatchRules()).hasSize(1);
    }

    @Test
    void theCommandRefusesAnEmptyAllowlistAndChangesNothing() {
        Run run = command(commandArgs("--switchboard.provisioning.pbx-addresses="));

        assertThat(run.status()).isEqualTo(LiveKitCommand.REFUSED);
        assertThat(run.err()).contains("refused, nothing was changed").contains("--allow-any-source");
        assertThat(simulator.inboundTrunks()).isEmpty();
    }

    @Test
    void theCommandRefusesAnRtpRangeTooSmallForThePlannedCalls() {
        Run run = command(commandArgs(
                "--switchboard.provisioning.pbx-addresses=198.51.100.7",
                "--switchboard.provisioning.planned-concurrent-calls=51"));

        assertThat(run.status()).isEqualTo(LiveKitCommand.REFUSED);
        assertThat(run.err()).contains("enough for 50 concurrent calls");
        assertThat(simulator.inboundTrunks()).isEmpty();
    }

    @Test
    void anUnknownSubcommandPrintsUsage() {
        Run run = command(List.of("livekit", "deprovision"));

        assertThat(run.status()).isEqualTo(LiveKitCommand.USAGE);
        assertThat(run.err()).contains("usage: switchboard livekit provision");
    }

    private List<String> commandArgs(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "livekit",
                "provision",
                "--switchboard.livekit.url=" + simulator.url(),
                "--switchboard.livekit.api-key=" + KEY,
                "--switchboard.livekit.api-secret=" + SECRET,
                "--switchboard.provisioning.pbx-name=yeastar",
                "--switchboard.provisioning.sip-port=15060",
                "--switchboard.provisioning.rtp-ports=10000-10099",
                "--switchboard.provisioning.planned-concurrent-calls=50",
                "--switchboard.provisioning.webhook-url=https://switchboard.example.com/livekit/webhook"));
        for (String override : extra) {
            String key = override.substring(0, override.indexOf('=') + 1);
            args.removeIf(a -> a.startsWith(key));
            args.add(override);
        }
        return args;
    }

    private record Run(int status, String out, String err) {}

    private static Run command(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = LiveKitCommand.run(
                args.toArray(String[]::new),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
