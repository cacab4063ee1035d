package com.switchboard.livekit.simulator;

import java.net.URI;
import java.time.Duration;

/**
 * How the simulator behaves.
 *
 * @param apiKey the API key every request's token must be issued by, and webhooks are signed with
 * @param apiSecret the secret behind {@code apiKey}
 * @param webhookUrl where webhooks go; null sends none (they are still recorded)
 * @param roomPrefix room prefix of the default individual dispatch rule, used while no dispatch rule
 *     is provisioned
 * @param pbxAddress the source address of simulated INVITEs (checked against a trunk's allowlist)
 * @param agentJoinDelay how long a dispatched agent takes to join, unless its name has its own
 *     behaviour
 * @param mediaTimeout how long after its audio stops a caller is hung up (LiveKit SIP's {@code
 *     media_timeout}; {@link #DEFAULT_MEDIA_TIMEOUT}, as deploy/livekit/sip.yaml sets it)
 * @param webhookFaults webhook delivery faults
 * @param seed seeds every random choice (ids, faults), so that a failing run can be repeated
 */
public record SimulatorConfig(
        String apiKey,
        String apiSecret,
        URI webhookUrl,
        String roomPrefix,
        String pbxAddress,
        Duration agentJoinDelay,
        Duration mediaTimeout,
        WebhookFaults webhookFaults,
        long seed) {

    /** LiveKit SIP's media timeout as Switchboard deploys it (deploy/livekit/sip.yaml). */
    public static final Duration DEFAULT_MEDIA_TIMEOUT = Duration.ofSeconds(10);

    public SimulatorConfig {
        if (apiKey == null || apiKey.isBlank() || apiSecret == null || apiSecret.isBlank()) {
            throw new IllegalArgumentException("an API key and secret are required");
        }
        roomPrefix = roomPrefix == null ? "" : roomPrefix;
        pbxAddress = pbxAddress == null || pbxAddress.isBlank() ? "192.0.2.10" : pbxAddress;
        agentJoinDelay = agentJoinDelay == null ? Duration.ofMillis(200) : agentJoinDelay;
        mediaTimeout = mediaTimeout == null ? DEFAULT_MEDIA_TIMEOUT : mediaTimeout;
        webhookFaults = webhookFaults == null ? WebhookFaults.none() : webhookFaults;
    }

    /** No webhook URL yet, room prefix {@code call-}, agents join after 200 ms, 10 s media timeout. */
    public static SimulatorConfig defaults(String apiKey, String apiSecret) {
        return new SimulatorConfig(
                apiKey,
                apiSecret,
                null,
                "call-",
                "192.0.2.10",
                Duration.ofMillis(200),
                Duration.ofSeconds(15),
                WebhookFaults.none(),
                42L);
    }

    public SimulatorConfig withWebhookUrl(URI url) {
        return new SimulatorConfig(
                apiKey, apiSecret, url, roomPrefix, pbxAddress, agentJoinDelay, mediaTimeout, webhookFaults, seed);
    }

    public SimulatorConfig withAgentJoinDelay(Duration delay) {
        return new SimulatorConfig(
                apiKey, apiSecret, webhookUrl, roomPrefix, pbxAddress, delay, mediaTimeout, webhookFaults, seed);
    }

    public SimulatorConfig withMediaTimeout(Duration timeout) {
        return new SimulatorConfig(
                apiKey, apiSecret, webhookUrl, roomPrefix, pbxAddress, agentJoinDelay, timeout, webhookFaults, seed);
    }

    public SimulatorConfig withWebhookFaults(WebhookFaults faults) {
        return new SimulatorConfig(
                apiKey, apiSecret, webhookUrl, roomPrefix, pbxAddress, agentJoinDelay, mediaTimeout, faults, seed);
    }

    public SimulatorConfig withSeed(long newSeed) {
        return new SimulatorConfig(
                apiKey,
                apiSecret,
                webhookUrl,
                roomPrefix,
                pbxAddress,
                agentJoinDelay,
                mediaTimeout,
                webhookFaults,
                newSeed);
    }

    public SimulatorConfig withPbxAddress(String address) {
        return new SimulatorConfig(
                apiKey, apiSecret, webhookUrl, roomPrefix, address, agentJoinDelay, mediaTimeout, webhookFaults, seed);
    }
}
