package com.switchboard.server.provisioning;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What {@code livekit provision} sets up.
 *
 * @param pbxName names the trunk and dispatch rule ({@code switchboard-<pbxName>})
 * @param pbxAddresses the IPs or CIDRs the PBX sends SIP from: the trunk's allowlist and the firewall's
 * @param sipPort LiveKit SIP's signalling port the PBX sends to (5060, or e.g. 15060 as a Yeastar
 *     peer trunk is often set up)
 * @param rtpPorts LiveKit SIP's {@code rtp_port} range, e.g. {@code 10000-20000}
 * @param plannedConcurrentCalls how many calls may be up at once on this LiveKit SIP
 * @param webhookUrl the public URL of this server's {@code /livekit/webhook}
 */
@ConfigurationProperties("switchboard.provisioning")
public record ProvisioningProperties(
        String pbxName,
        List<String> pbxAddresses,
        Integer sipPort,
        String rtpPorts,
        Integer plannedConcurrentCalls,
        String webhookUrl) {

    public ProvisioningProperties {
        pbxAddresses = pbxAddresses == null ? List.of() : List.copyOf(pbxAddresses);
        sipPort = sipPort == null ? 5060 : sipPort;
        rtpPorts = rtpPorts == null || rtpPorts.isBlank() ? "10000-20000" : rtpPorts;
        plannedConcurrentCalls = plannedConcurrentCalls == null ? 10 : plannedConcurrentCalls;
    }
}
