package com.switchboard.server.provisioning;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration an operator pastes elsewhere: LiveKit's webhook block, LiveKit SIP's ports, nftables. */
final class ConfigSnippets {
    private ConfigSnippets() {}

    /** For livekit.yaml: LiveKit signs webhooks with this key and posts them to our endpoint. */
    static String webhookBlock(String apiKey, String webhookUrl) {
        return """
                # livekit.yaml (LiveKit server): send room and participant events to Switchboard
                webhook:
                  api_key: %s
                  urls:
                    - %s
                """.formatted(apiKey, webhookUrl);
    }

    /** For LiveKit SIP's config.yaml: the ports the firewall rules and the capacity check assume. */
    static String sipBlock(int sipPort, RtpPortRange rtp) {
        return """
                # config.yaml (LiveKit SIP): the ports the rules below and the capacity check assume
                sip_port: %d
                rtp_port: %d-%d
                """.formatted(sipPort, rtp.first(), rtp.last());
    }

    /**
     * nftables rules that let only the PBX reach LiveKit SIP's signalling port. They hook prerouting,
     * ahead of the NAT that publishes a container's ports, so they hold whether LiveKit SIP runs on
     * the host or in a container. Loading them again replaces the previous copy.
     */
    static String nftables(SourceAllowlist allowlist, int sipPort) {
        if (allowlist.anySource()) {
            return """
                    # nftables: no rules, every source may send SIP to port %d (--allow-any-source)
                    """.formatted(sipPort);
        }
        StringBuilder sb = new StringBuilder();
        sb.append("# nftables (e.g. /etc/nftables.d/switchboard-sip.nft): only the PBX may send SIP to port ")
                .append(sipPort)
                .append('\n');
        // nft -f adds to a table that exists: loading the rules again would append a second copy of
        // every rule and keep a removed PBX address in the sets. Declaring the table (a no-op when it
        // exists) lets the delete succeed on a fresh host too; nft applies the file as one transaction.
        sb.append("table inet switchboard_sip\n");
        sb.append("delete table inet switchboard_sip\n");
        sb.append("table inet switchboard_sip {\n");
        set(sb, "pbx_v4", "ipv4_addr", allowlist.ipv4());
        set(sb, "pbx_v6", "ipv6_addr", allowlist.ipv6());
        sb.append("  chain prerouting {\n");
        sb.append("    type filter hook prerouting priority -150; policy accept;\n");
        for (String protocol : List.of("udp", "tcp")) {
            if (!allowlist.ipv4().isEmpty()) {
                sb.append("    ip saddr @pbx_v4 ")
                        .append(protocol)
                        .append(" dport ")
                        .append(sipPort)
                        .append(" accept\n");
            }
            if (!allowlist.ipv6().isEmpty()) {
                sb.append("    ip6 saddr @pbx_v6 ")
                        .append(protocol)
                        .append(" dport ")
                        .append(sipPort)
                        .append(" accept\n");
            }
        }
        for (String protocol : List.of("udp", "tcp")) {
            sb.append("    ").append(protocol).append(" dport ").append(sipPort).append(" counter drop\n");
        }
        sb.append("  }\n}\n");
        return sb.toString();
    }

    private static void set(StringBuilder sb, String name, String type, List<String> elements) {
        if (elements.isEmpty()) {
            return;
        }
        sb.append("  set ").append(name).append(" {\n");
        sb.append("    type ").append(type).append("; flags interval;\n");
        sb.append("    elements = { ")
                .append(elements.stream().collect(Collectors.joining(", ")))
                .append(" }\n");
        sb.append("  }\n");
    }
}
