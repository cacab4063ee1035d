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
import java.io.IOException;
import java.util.List;
import livekit.LivekitAgentDispatch;
import livekit.LivekitRoom;
import livekit.LivekitSip;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

        ProvisionCommand.Run first = command(args);
        ProvisionCommand.Run second = command(args);

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
    void configurationAndTheFlagMayComeBeforeTheSubcommand() {
        List<String> args = new java.util.ArrayList<>(commandArgs("--switchboard.provisioning.pbx-addresses="));
        args.remove("provision");
        args.add(1, "--allow-any-source");
        args.add(args.size() - 1, "provision");

        ProvisionCommand.Run run = command(args);

        assertThat(run.status()).as(run.err()).isEqualTo(LiveKitCommand.OK);
        assertThat(simulator.inboundTrunks())
                .singleElement()
                .satisfies(t -> assertThat(t.getAllowedAddressesList()).isEmpty());
    }

    @Test
    void theCommandRefusesAnEmptyAllowlistAndChangesNothing() {
        ProvisionCommand.Run run = command(commandArgs("--switchboard.provisioning.pbx-addresses="));

        assertThat(run.status()).isEqualTo(LiveKitCommand.REFUSED);
        assertThat(run.err()).contains("refused, nothing was changed").contains("--allow-any-source");
        assertThat(simulator.inboundTrunks()).isEmpty();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            pbx-addresses=                              | no PBX address configured
            pbx-addresses=198.51.100.300                | 198.51.100.300 is not an IPv4 address
            pbx-addresses=198.51.100.0/33               | 198.51.100.0/33 has a prefix length outside 0..32
            pbx-addresses=2001:db8::/129                | 2001:db8::/129 has a prefix length outside 0..128
            pbx-addresses=198.51.100.0/                 | 198.51.100.0/ has no valid prefix length
            pbx-addresses=pbx.example.com               | host names are not accepted
            pbx-addresses=yeastar                       | host names are not accepted
            pbx-addresses=198.51.100.010                | leading zero in 010, which nftables reads as an octal
            pbx-addresses=198.51.100.0/024              | 198.51.100.0/024 has no valid prefix length
            pbx-addresses=198.51.100.10/24              | write 198.51.100.10 for that host or 198.51.100.0/24
            pbx-addresses=2001:db8:5::10/64             | write 2001:db8:5::10 for that host or 2001:db8:5::/64
            pbx-addresses=2001:db8:::1                  | 2001:db8:::1 is not an IP address
            pbx-addresses=::ffff:198.51.100.10          | mixes IPv4 and IPv6 notation
            pbx-addresses=198.51.100.10,,198.51.100.11  | an empty PBX address entry
            pbx-addresses=0.0.0.0/0                     | 0.0.0.0/0 allows every source
            sip-port=0                                  | sip-port must be a port number (1-65535): 0
            sip-port=70000                              | sip-port must be a port number (1-65535): 70000
            sip-port=10050                              | sip-port 10050 lies inside the RTP port range 10000-10099
            """)
    void badConfigurationIsRefusedWithItsReasonBeforeAnythingIsPrintedOrProvisioned(String setting, String reason) {
        ProvisionCommand.Run run = command(commandArgs(
                "--switchboard.provisioning.pbx-addresses=198.51.100.7", "--switchboard.provisioning." + setting));

        assertThat(run.status()).as(run.err()).isEqualTo(LiveKitCommand.REFUSED);
        assertThat(run.out())
                .as("nothing to paste into a config or load into nft")
                .isEmpty();
        assertThat(run.err()).startsWith("refused, nothing was changed:").contains(reason);
        assertThat(simulator.inboundTrunks()).isEmpty();
        assertThat(simulator.dispatchRules()).isEmpty();
    }

    @Test
    void theCommandRefusesAnRtpRangeTooSmallForThePlannedCalls() {
        ProvisionCommand.Run run = command(commandArgs(
                "--switchboard.provisioning.pbx-addresses=198.51.100.7",
                "--switchboard.provisioning.planned-concurrent-calls=51"));

        assertThat(run.status()).isEqualTo(LiveKitCommand.REFUSED);
        assertThat(run.err()).contains("enough for 50 concurrent calls");
        assertThat(simulator.inboundTrunks()).isEmpty();
    }

    @Test
    void anUnknownSubcommandPrintsUsage() {
        ProvisionCommand.Run run = command(List.of("livekit", "deprovision"));

        assertThat(run.status()).isEqualTo(LiveKitCommand.USAGE);
        assertThat(run.err()).contains("usage: switchboard livekit provision");
    }

    private List<String> commandArgs(String... overrides) {
        return ProvisionCommand.args(simulator.url(), KEY, SECRET, overrides);
    }

    private static ProvisionCommand.Run command(List<String> args) {
        return ProvisionCommand.run(args);
    }
}
