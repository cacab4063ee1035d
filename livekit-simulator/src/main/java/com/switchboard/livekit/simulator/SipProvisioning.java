package com.switchboard.livekit.simulator;

import com.google.protobuf.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import livekit.LivekitSip;

/**
 * LiveKit SIP's configuration: inbound trunks and dispatch rules as its SIP service keeps them, and
 * how an INVITE finds its trunk, its rule and its room. Guarded by its own lock; it never calls out,
 * so it may be called while the rooms' lock is held.
 */
final class SipProvisioning {
    private final SimulatorConfig config;
    private final Ids ids;
    private final Clock clock;
    private final Map<String, LivekitSip.SIPInboundTrunkInfo> trunks = new LinkedHashMap<>();
    private final Map<String, LivekitSip.SIPDispatchRuleInfo> rules = new LinkedHashMap<>();

    SipProvisioning(SimulatorConfig config, Ids ids, Clock clock) {
        this.config = config;
        this.ids = ids;
        this.clock = clock;
    }

    synchronized LivekitSip.SIPInboundTrunkInfo createInboundTrunk(LivekitSip.CreateSIPInboundTrunkRequest request) {
        Instant now = clock.instant();
        LivekitSip.SIPInboundTrunkInfo trunk = request.getTrunk().toBuilder()
                .setSipTrunkId(ids.next("ST_"))
                .setCreatedAt(timestamp(now))
                .setUpdatedAt(timestamp(now))
                .build();
        trunks.put(trunk.getSipTrunkId(), trunk);
        return trunk;
    }

    synchronized List<LivekitSip.SIPInboundTrunkInfo> listInboundTrunks(LivekitSip.ListSIPInboundTrunkRequest request) {
        return trunks.values().stream()
                .filter(t -> request.getTrunkIdsList().isEmpty()
                        || request.getTrunkIdsList().contains(t.getSipTrunkId()))
                .filter(t -> request.getNumbersList().isEmpty()
                        || t.getNumbersList().isEmpty()
                        || t.getNumbersList().stream().anyMatch(request.getNumbersList()::contains))
                .toList();
    }

    synchronized LivekitSip.SIPInboundTrunkInfo updateInboundTrunk(LivekitSip.UpdateSIPInboundTrunkRequest request) {
        LivekitSip.SIPInboundTrunkInfo current = trunks.get(request.getSipTrunkId());
        if (current == null) {
            throw TwirpException.notFound("trunk not found");
        }
        LivekitSip.SIPInboundTrunkInfo.Builder next = switch (request.getActionCase()) {
            case REPLACE -> request.getReplace().toBuilder().setCreatedAt(current.getCreatedAt());
            case UPDATE -> applyTrunkUpdate(current, request.getUpdate());
            case ACTION_NOT_SET -> throw TwirpException.invalidArgument("no update action");
        };
        LivekitSip.SIPInboundTrunkInfo updated = next.setSipTrunkId(current.getSipTrunkId())
                .setUpdatedAt(timestamp(clock.instant()))
                .build();
        trunks.put(updated.getSipTrunkId(), updated);
        return updated;
    }

    // DeleteSIPTrunk still answers with the deprecated SIPTrunkInfo in LiveKit's API.
    @SuppressWarnings("deprecation")
    synchronized LivekitSip.SIPTrunkInfo deleteTrunk(String trunkId) {
        LivekitSip.SIPInboundTrunkInfo removed = trunks.remove(trunkId);
        if (removed == null) {
            throw TwirpException.notFound("trunk not found");
        }
        return LivekitSip.SIPTrunkInfo.newBuilder()
                .setSipTrunkId(removed.getSipTrunkId())
                .setKind(LivekitSip.SIPTrunkInfo.TrunkKind.TRUNK_INBOUND)
                .setName(removed.getName())
                .addAllInboundNumbers(removed.getNumbersList())
                .build();
    }

    // Older clients send the rule in the request's deprecated top-level fields; LiveKit still reads them.
    @SuppressWarnings("deprecation")
    synchronized LivekitSip.SIPDispatchRuleInfo createDispatchRule(LivekitSip.CreateSIPDispatchRuleRequest request) {
        LivekitSip.SIPDispatchRuleInfo.Builder rule;
        if (request.hasDispatchRule()) {
            rule = request.getDispatchRule().toBuilder();
        } else {
            // The request's deprecated top-level fields, as older clients send them.
            rule = LivekitSip.SIPDispatchRuleInfo.newBuilder()
                    .setRule(request.getRule())
                    .addAllTrunkIds(request.getTrunkIdsList())
                    .setHidePhoneNumber(request.getHidePhoneNumber())
                    .addAllInboundNumbers(request.getInboundNumbersList())
                    .setName(request.getName())
                    .setMetadata(request.getMetadata())
                    .putAllAttributes(request.getAttributesMap());
        }
        if (!rule.hasRule() || rule.getRule().getRuleCase() == LivekitSip.SIPDispatchRule.RuleCase.RULE_NOT_SET) {
            throw TwirpException.invalidArgument("dispatch rule type is required");
        }
        Instant now = clock.instant();
        LivekitSip.SIPDispatchRuleInfo created = rule.setSipDispatchRuleId(ids.next("SDR_"))
                .setCreatedAt(timestamp(now))
                .setUpdatedAt(timestamp(now))
                .build();
        rules.put(created.getSipDispatchRuleId(), created);
        return created;
    }

    synchronized LivekitSip.SIPDispatchRuleInfo updateDispatchRule(LivekitSip.UpdateSIPDispatchRuleRequest request) {
        LivekitSip.SIPDispatchRuleInfo current = rules.get(request.getSipDispatchRuleId());
        if (current == null) {
            throw TwirpException.notFound("dispatch rule not found");
        }
        LivekitSip.SIPDispatchRuleInfo.Builder next = switch (request.getActionCase()) {
            case REPLACE -> request.getReplace().toBuilder().setCreatedAt(current.getCreatedAt());
            case UPDATE -> applyRuleUpdate(current, request.getUpdate());
            case ACTION_NOT_SET -> throw TwirpException.invalidArgument("no update action");
        };
        LivekitSip.SIPDispatchRuleInfo updated = next.setSipDispatchRuleId(current.getSipDispatchRuleId())
                .setUpdatedAt(timestamp(clock.instant()))
                .build();
        rules.put(updated.getSipDispatchRuleId(), updated);
        return updated;
    }

    private static LivekitSip.SIPInboundTrunkInfo.Builder applyTrunkUpdate(
            LivekitSip.SIPInboundTrunkInfo current, LivekitSip.SIPInboundTrunkUpdate update) {
        LivekitSip.SIPInboundTrunkInfo.Builder next = current.toBuilder();
        if (update.hasNumbers()) {
            next.clearNumbers().addAllNumbers(ListUpdates.apply(current.getNumbersList(), update.getNumbers()));
        }
        if (update.hasAllowedAddresses()) {
            next.clearAllowedAddresses()
                    .addAllAllowedAddresses(
                            ListUpdates.apply(current.getAllowedAddressesList(), update.getAllowedAddresses()));
        }
        if (update.hasAllowedNumbers()) {
            next.clearAllowedNumbers()
                    .addAllAllowedNumbers(
                            ListUpdates.apply(current.getAllowedNumbersList(), update.getAllowedNumbers()));
        }
        if (update.hasName()) {
            next.setName(update.getName());
        }
        if (update.hasMetadata()) {
            next.setMetadata(update.getMetadata());
        }
        if (update.hasAuthUsername()) {
            next.setAuthUsername(update.getAuthUsername());
        }
        if (update.hasAuthPassword()) {
            next.setAuthPassword(update.getAuthPassword());
        }
        return next;
    }

    private static LivekitSip.SIPDispatchRuleInfo.Builder applyRuleUpdate(
            LivekitSip.SIPDispatchRuleInfo current, LivekitSip.SIPDispatchRuleUpdate update) {
        LivekitSip.SIPDispatchRuleInfo.Builder next = current.toBuilder();
        if (update.hasTrunkIds()) {
            next.clearTrunkIds().addAllTrunkIds(ListUpdates.apply(current.getTrunkIdsList(), update.getTrunkIds()));
        }
        if (update.hasRule()) {
            next.setRule(update.getRule());
        }
        if (update.hasName()) {
            next.setName(update.getName());
        }
        if (update.hasMetadata()) {
            next.setMetadata(update.getMetadata());
        }
        update.getAttributesMap().forEach((k, v) -> {
            if (v.isEmpty()) {
                next.removeAttributes(k);
            } else {
                next.putAttributes(k, v);
            }
        });
        return next;
    }

    synchronized List<LivekitSip.SIPDispatchRuleInfo> listDispatchRules(LivekitSip.ListSIPDispatchRuleRequest request) {
        return rules.values().stream()
                .filter(r -> request.getDispatchRuleIdsList().isEmpty()
                        || request.getDispatchRuleIdsList().contains(r.getSipDispatchRuleId()))
                .filter(r -> request.getTrunkIdsList().isEmpty()
                        || r.getTrunkIdsList().isEmpty()
                        || r.getTrunkIdsList().stream().anyMatch(request.getTrunkIdsList()::contains))
                .toList();
    }

    synchronized LivekitSip.SIPDispatchRuleInfo deleteDispatchRule(String ruleId) {
        LivekitSip.SIPDispatchRuleInfo removed = rules.remove(ruleId);
        if (removed == null) {
            throw TwirpException.notFound("dispatch rule not found");
        }
        return removed;
    }

    synchronized boolean anyTrunk() {
        return !trunks.isEmpty();
    }

    synchronized List<LivekitSip.SIPInboundTrunkInfo> trunks() {
        return List.copyOf(trunks.values());
    }

    synchronized List<LivekitSip.SIPDispatchRuleInfo> rules() {
        return List.copyOf(rules.values());
    }

    synchronized Optional<LivekitSip.SIPInboundTrunkInfo> matchTrunk(String called, String caller, String source) {
        LivekitSip.SIPInboundTrunkInfo wildcard = null;
        for (LivekitSip.SIPInboundTrunkInfo trunk : trunks.values()) {
            if (!trunk.getAllowedNumbersList().isEmpty()
                    && !trunk.getAllowedNumbersList().contains(caller)) {
                continue;
            }
            if (!AddressMasks.allows(trunk.getAllowedAddressesList(), source)) {
                continue;
            }
            if (trunk.getNumbersList().isEmpty()) {
                wildcard = wildcard == null ? trunk : wildcard;
            } else if (trunk.getNumbersList().contains(called)) {
                return Optional.of(trunk);
            }
        }
        return Optional.ofNullable(wildcard);
    }

    synchronized Optional<LivekitSip.SIPDispatchRuleInfo> matchRule(LivekitSip.SIPInboundTrunkInfo trunk) {
        LivekitSip.SIPDispatchRuleInfo wildcard = null;
        for (LivekitSip.SIPDispatchRuleInfo rule : rules.values()) {
            if (rule.getTrunkIdsList().contains(trunk.getSipTrunkId())) {
                return Optional.of(rule);
            }
            if (rule.getTrunkIdsList().isEmpty()) {
                wildcard = wildcard == null ? rule : wildcard;
            }
        }
        return Optional.ofNullable(wildcard);
    }

    /** LiveKit's individual rule: prefix, "_", caller number, "_", random suffix. */
    String roomNameFor(LivekitSip.SIPDispatchRuleInfo rule, String callerNumber) {
        if (rule != null && rule.getRule().hasDispatchRuleDirect()) {
            return rule.getRule().getDispatchRuleDirect().getRoomName();
        }
        String prefix = config.roomPrefix();
        boolean randomize = true;
        if (rule != null && rule.getRule().hasDispatchRuleIndividual()) {
            prefix = rule.getRule().getDispatchRuleIndividual().getRoomPrefix();
            randomize = !rule.getRule().getDispatchRuleIndividual().getNoRandomness();
        }
        String room = prefix.isEmpty() ? callerNumber : prefix + "_" + callerNumber;
        return randomize ? room + "_" + ids.next("") : room;
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder()
                .setSeconds(instant.getEpochSecond())
                .setNanos(instant.getNano())
                .build();
    }
}
