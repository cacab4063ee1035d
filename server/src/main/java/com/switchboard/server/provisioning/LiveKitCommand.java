package com.switchboard.server.provisioning;

import com.switchboard.activities.livekit.LiveKitCallException;
import com.switchboard.activities.livekit.LiveKitClients;
import com.switchboard.server.livekit.LiveKitProperties;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code switchboard livekit provision [--allow-any-source] [--switchboard.x=y ...]}: sets up
 * LiveKit SIP for the configured PBX and prints what must be configured elsewhere. It reads the
 * server's configuration (application.yml, environment, {@code --key=value} arguments) but starts
 * neither the web server nor the worker, nor connects to the database.
 */
public final class LiveKitCommand {
    public static final String NAME = "livekit";

    static final int OK = 0;
    static final int FAILED = 1;
    static final int REFUSED = 2;
    static final int USAGE = 64;

    private static final String USAGE_TEXT = """
            usage: switchboard livekit provision [--allow-any-source] [--switchboard.<property>=<value> ...]

              Creates or updates the inbound SIP trunk and the dispatch rule of the configured PBX,
              then prints LiveKit's webhook block, LiveKit SIP's ports and nftables rules.

              switchboard.provisioning.pbx-name                 names the trunk and rule (switchboard-<name>)
              switchboard.provisioning.pbx-addresses            the PBX's IPs/CIDRs, comma separated
              switchboard.provisioning.sip-port                 LiveKit SIP's signalling port (default 5060)
              switchboard.provisioning.rtp-ports                LiveKit SIP's rtp_port range (default 10000-20000)
              switchboard.provisioning.planned-concurrent-calls two RTP ports each must fit the range
              switchboard.provisioning.webhook-url              public URL of this server's /livekit/webhook
              switchboard.livekit.url / api-key / api-secret    the LiveKit server
              --allow-any-source                                accept INVITEs from anyone (not recommended)
            """;

    private LiveKitCommand() {}

    /** Runs the command; returns the process exit status. */
    public static int run(String[] args) {
        return run(args, System.out, System.err);
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        List<String> words =
                Arrays.stream(args).filter(a -> !a.startsWith("--")).toList();
        if (words.size() != 2 || !words.get(0).equals(NAME) || !words.get(1).equals("provision")) {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        boolean allowAnySource = Arrays.asList(args).contains("--allow-any-source");
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ProvisioningContext.class)
                .web(WebApplicationType.NONE)
                .bannerMode(Banner.Mode.OFF)
                .logStartupInfo(false)
                .run(args)) {
            return provision(
                    context.getBean(LiveKitProperties.class),
                    context.getBean(ProvisioningProperties.class),
                    allowAnySource,
                    out,
                    err);
        }
    }

    static int provision(
            LiveKitProperties liveKit,
            ProvisioningProperties properties,
            boolean allowAnySource,
            PrintStream out,
            PrintStream err) {
        ProvisioningPlan plan;
        RtpPortRange rtp;
        try {
            SourceAllowlist allowlist = SourceAllowlist.of(properties.pbxAddresses(), allowAnySource);
            plan = ProvisioningPlan.forPbx(properties.pbxName(), liveKit.roomPrefix(), allowlist);
            rtp = RtpPortRange.parse(properties.rtpPorts());
            rtp.requireCapacity(properties.plannedConcurrentCalls());
            int sipPort = properties.sipPort();
            if (sipPort < 1 || sipPort > 65535) {
                throw new ProvisioningRefused(
                        List.of("switchboard.provisioning.sip-port must be a port number (1-65535): " + sipPort));
            }
            if (sipPort >= rtp.first() && sipPort <= rtp.last()) {
                throw new ProvisioningRefused(List.of("switchboard.provisioning.sip-port " + sipPort
                        + " lies inside the RTP port range " + rtp.first() + "-" + rtp.last()
                        + ": LiveKit SIP could not bind both"));
            }
            if (properties.webhookUrl() == null || !properties.webhookUrl().matches("https?://.+")) {
                throw new ProvisioningRefused(List.of(
                        "switchboard.provisioning.webhook-url must be the http(s) URL LiveKit posts webhooks to"));
            }
        } catch (ProvisioningRefused e) {
            err.println("refused, nothing was changed:");
            e.reasons().forEach(reason -> err.println("  - " + reason));
            return REFUSED;
        }

        ProvisioningReport report;
        try (LiveKitClients clients = LiveKitClients.create(liveKit.settings())) {
            report = new LiveKitProvisioner(clients).provision(plan);
        } catch (LiveKitCallException e) {
            err.println("LiveKit failed: " + e.getMessage());
            return FAILED;
        }

        out.println("inbound trunk " + report.trunkId() + " (" + plan.name() + "): " + describe(report.trunk()));
        out.println("dispatch rule " + report.ruleId() + " (" + plan.name() + ", rooms " + plan.roomPrefix()
                + "_<caller>_<random>): " + describe(report.rule()));
        report.warnings().forEach(w -> out.println("WARNING: " + w));
        out.println("RTP ports " + rtp.first() + "-" + rtp.last() + " hold " + rtp.callCapacity()
                + " concurrent calls; " + properties.plannedConcurrentCalls() + " planned");
        out.println();
        out.print(ConfigSnippets.webhookBlock(liveKit.apiKey(), properties.webhookUrl()));
        out.println();
        out.print(ConfigSnippets.sipBlock(properties.sipPort(), rtp));
        out.println();
        out.print(ConfigSnippets.nftables(plan.allowlist(), properties.sipPort()));
        return OK;
    }

    private static String describe(ProvisioningReport.Change change) {
        return switch (change) {
            case CREATED -> "created";
            case UPDATED -> "updated to the configured state";
            case UNCHANGED -> "already as configured";
        };
    }

    /**
     * Configuration binding only: no auto-configuration, so no web server, worker or database. Not a
     * component, so the server's own component scan leaves it alone.
     */
    @EnableConfigurationProperties({LiveKitProperties.class, ProvisioningProperties.class})
    static class ProvisioningContext {}
}
