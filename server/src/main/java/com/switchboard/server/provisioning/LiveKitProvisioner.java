package com.switchboard.server.provisioning;

import com.switchboard.activities.livekit.LiveKitCalls;
import com.switchboard.activities.livekit.LiveKitClients;
import com.switchboard.server.provisioning.ProvisioningReport.Change;
import io.livekit.server.CreateSipDispatchRuleOptions;
import io.livekit.server.CreateSipInboundTrunkOptions;
import io.livekit.server.SipDispatchRuleIndividual;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import livekit.LivekitSip;

/**
 * Creates or converges the inbound trunk and the dispatch rule of one PBX. Both are found by name,
 * so running it again changes nothing; a trunk or rule changed by hand is replaced whole with the
 * wanted state (LiveKit's partial updates can neither empty a list nor drop a room config).
 *
 * <p>The trunk accepts any dialed number (no numbers: LiveKit's default trunk), because Switchboard
 * routes numbers itself; it accepts INVITEs only from the PBX. The rule puts each caller in a room
 * of its own, names the trunk explicitly (a rule without trunk ids matches every trunk) and carries
 * no agents: an agent in the room config would answer the call before Switchboard admitted it.
 */
final class LiveKitProvisioner {
    private final LiveKitClients clients;

    LiveKitProvisioner(LiveKitClients clients) {
        this.clients = clients;
    }

    ProvisioningReport provision(ProvisioningPlan plan) {
        List<String> warnings = new ArrayList<>();
        if (plan.allowlist().anySource()) {
            warnings.add("the trunk accepts INVITEs from ANY source address (--allow-any-source)");
        }
        TrunkResult trunk = convergeTrunk(plan, warnings);
        RuleResult rule = convergeRule(plan, trunk.id(), warnings);
        return new ProvisioningReport(trunk.id(), trunk.change(), rule.id(), rule.change(), warnings);
    }

    private record TrunkResult(String id, Change change) {}

    private record RuleResult(String id, Change change) {}

    private TrunkResult convergeTrunk(ProvisioningPlan plan, List<String> warnings) {
        List<LivekitSip.SIPInboundTrunkInfo> all =
                LiveKitCalls.execute(clients.sip().listSipInboundTrunk(), "list inbound trunks");
        List<LivekitSip.SIPInboundTrunkInfo> ours =
                all.stream().filter(t -> t.getName().equals(plan.name())).toList();
        for (LivekitSip.SIPInboundTrunkInfo other : all) {
            if (!other.getName().equals(plan.name()) && other.getNumbersCount() == 0) {
                warnings.add("inbound trunk " + other.getSipTrunkId() + " (" + other.getName()
                        + ") also accepts any number; LiveKit may pick either for the PBX's calls");
            }
        }
        if (ours.isEmpty()) {
            CreateSipInboundTrunkOptions options = new CreateSipInboundTrunkOptions();
            options.setAllowedAddresses(plan.allowlist().texts());
            options.setMetadata(metadata());
            LivekitSip.SIPInboundTrunkInfo created = LiveKitCalls.execute(
                    clients.sip().createSipInboundTrunk(plan.name(), List.of(), options),
                    "create inbound trunk " + plan.name());
            return new TrunkResult(created.getSipTrunkId(), Change.CREATED);
        }
        LivekitSip.SIPInboundTrunkInfo existing = ours.get(0);
        for (LivekitSip.SIPInboundTrunkInfo duplicate : ours.subList(1, ours.size())) {
            // Two trunks of one name would be two doors for one PBX; keep the first.
            LiveKitCalls.delete(
                    clients.sip().deleteSipTrunk(duplicate.getSipTrunkId()),
                    "delete duplicate trunk " + duplicate.getSipTrunkId());
            warnings.add("deleted duplicate trunk " + duplicate.getSipTrunkId() + " named " + plan.name());
        }
        if (trunkAsPlanned(existing, plan)) {
            return new TrunkResult(existing.getSipTrunkId(), Change.UNCHANGED);
        }
        LivekitSip.SIPInboundTrunkInfo wanted = LivekitSip.SIPInboundTrunkInfo.newBuilder()
                .setSipTrunkId(existing.getSipTrunkId())
                .setName(plan.name())
                .setMetadata(metadata())
                .addAllAllowedAddresses(plan.allowlist().texts())
                .build();
        LiveKitCalls.execute(
                clients.sipService()
                        .updateSipInboundTrunk(
                                LivekitSip.UpdateSIPInboundTrunkRequest.newBuilder()
                                        .setSipTrunkId(existing.getSipTrunkId())
                                        .setReplace(wanted)
                                        .build(),
                                clients.sipAdminAuthorization()),
                "replace inbound trunk " + existing.getSipTrunkId());
        return new TrunkResult(existing.getSipTrunkId(), Change.UPDATED);
    }

    private static boolean trunkAsPlanned(LivekitSip.SIPInboundTrunkInfo trunk, ProvisioningPlan plan) {
        return trunk.getNumbersCount() == 0
                && trunk.getAllowedNumbersCount() == 0
                && new HashSet<>(trunk.getAllowedAddressesList())
                        .equals(new HashSet<>(plan.allowlist().texts()))
                && trunk.getAllowedAddressesCount() == plan.allowlist().texts().size();
    }

    private RuleResult convergeRule(ProvisioningPlan plan, String trunkId, List<String> warnings) {
        List<LivekitSip.SIPDispatchRuleInfo> all =
                LiveKitCalls.execute(clients.sip().listSipDispatchRule(), "list dispatch rules");
        List<LivekitSip.SIPDispatchRuleInfo> ours =
                all.stream().filter(r -> r.getName().equals(plan.name())).toList();
        for (LivekitSip.SIPDispatchRuleInfo other : all) {
            if (!other.getName().equals(plan.name())
                    && (other.getTrunkIdsCount() == 0 || other.getTrunkIdsList().contains(trunkId))) {
                warnings.add("dispatch rule " + other.getSipDispatchRuleId() + " (" + other.getName() + ") also matches"
                        + " calls of trunk " + trunkId + (other.getTrunkIdsCount() == 0 ? " (it names no trunk)" : ""));
            }
        }
        if (ours.isEmpty()) {
            CreateSipDispatchRuleOptions options = new CreateSipDispatchRuleOptions();
            options.setName(plan.name());
            options.setTrunkIds(List.of(trunkId));
            options.setMetadata(metadata());
            LivekitSip.SIPDispatchRuleInfo created = LiveKitCalls.execute(
                    clients.sip()
                            .createSipDispatchRule(new SipDispatchRuleIndividual(plan.roomPrefix(), null), options),
                    "create dispatch rule " + plan.name());
            return new RuleResult(created.getSipDispatchRuleId(), Change.CREATED);
        }
        LivekitSip.SIPDispatchRuleInfo existing = ours.get(0);
        for (LivekitSip.SIPDispatchRuleInfo duplicate : ours.subList(1, ours.size())) {
            LiveKitCalls.delete(
                    clients.sip().deleteSipDispatchRule(duplicate.getSipDispatchRuleId()),
                    "delete duplicate dispatch rule " + duplicate.getSipDispatchRuleId());
            warnings.add(
                    "deleted duplicate dispatch rule " + duplicate.getSipDispatchRuleId() + " named " + plan.name());
        }
        if (ruleAsPlanned(existing, plan, trunkId)) {
            return new RuleResult(existing.getSipDispatchRuleId(), Change.UNCHANGED);
        }
        LivekitSip.SIPDispatchRuleInfo wanted = LivekitSip.SIPDispatchRuleInfo.newBuilder()
                .setSipDispatchRuleId(existing.getSipDispatchRuleId())
                .setName(plan.name())
                .setMetadata(metadata())
                .addTrunkIds(trunkId)
                .setRule(individualRule(plan))
                .build();
        LiveKitCalls.execute(
                clients.sipService()
                        .updateSipDispatchRule(
                                LivekitSip.UpdateSIPDispatchRuleRequest.newBuilder()
                                        .setSipDispatchRuleId(existing.getSipDispatchRuleId())
                                        .setReplace(wanted)
                                        .build(),
                                clients.sipAdminAuthorization()),
                "replace dispatch rule " + existing.getSipDispatchRuleId());
        return new RuleResult(existing.getSipDispatchRuleId(), Change.UPDATED);
    }

    private static boolean ruleAsPlanned(LivekitSip.SIPDispatchRuleInfo rule, ProvisioningPlan plan, String trunkId) {
        return rule.getTrunkIdsList().equals(List.of(trunkId))
                && rule.getRule().equals(individualRule(plan))
                && !rule.hasRoomConfig()
                && rule.getRoomPreset().isEmpty()
                // Hiding the phone number also drops sip.trunkPhoneNumber, which routing needs.
                && !rule.getHidePhoneNumber()
                && rule.getNumbersCount() == 0
                && rule.getInboundNumbersCount() == 0;
    }

    private static LivekitSip.SIPDispatchRule individualRule(ProvisioningPlan plan) {
        return LivekitSip.SIPDispatchRule.newBuilder()
                .setDispatchRuleIndividual(
                        LivekitSip.SIPDispatchRuleIndividual.newBuilder().setRoomPrefix(plan.roomPrefix()))
                .build();
    }

    private static String metadata() {
        return "{\"managedBy\":\"switchboard\"}";
    }
}
