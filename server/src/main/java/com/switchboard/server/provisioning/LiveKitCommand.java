package com.switchboard.server.provisioning;

import com.switchboard.activities.livekit.LiveKitCallException;
import com.switchboard.activities.livekit.LiveKitClients;
import com.switchboard.server.livekit.LiveKitProperties;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Unmatched;

/**
 * {@code switchboard livekit provision [--allow-any-source] [--switchboard.x=y ...]}: sets up
 * LiveKit SIP for the configured PBX and prints what must be configured elsewhere. It reads the
 * server's configuration (application.yml, environment, {@code --key=value} arguments) but starts
 * neither the web server nor the worker, nor connects to the database.
 *
 * <p>Every {@code --key=value} goes to Spring's configuration, before or after {@code provision};
 * anything else, or no subcommand, prints the usage and exits {@value #USAGE}.
 */
@Command(name = LiveKitCommand.NAME, subcommands = LiveKitCommand.Provision.class)
public final class LiveKitCommand implements Callable<Integer> {
    public static final String NAME = "livekit";

    static final int OK = 0;
    static final int FAILED = 1;
    static final int REFUSED = 2;
    static final int USAGE = 64;

    private static final String ALLOW_ANY_SOURCE = "--allow-any-source";

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

    private final PrintStream out;
    private final PrintStream err;

    /** What came between {@code livekit} and the subcommand (configuration only, when valid). */
    @Unmatched
    private List<String> leading = new ArrayList<>();

    LiveKitCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The command line of {@code livekit ...}, with this command's usage and exit status on bad input. */
    public static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new LiveKitCommand(out, err));
        configure(cli);
        return cli;
    }

    /** Makes {@code cli} (this command, or a parent holding it) answer bad {@code livekit} input as this command does. */
    public static void configure(CommandLine cli) {
        cli.setExpandAtFiles(false);
        IParameterExceptionHandler parent = cli.getParameterExceptionHandler();
        cli.setParameterExceptionHandler((e, args) -> isLiveKit(e.getCommandLine())
                ? ((LiveKitCommand) liveKit(e.getCommandLine()).getCommand()).usage()
                : parent.handleParseException(e, args));
    }

    /** Runs {@code livekit ...} ({@code args} starting with {@value #NAME}); returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || !args[0].equals(NAME)) {
            err.print(USAGE_TEXT);
            return USAGE;
        }
        return commandLine(out, err).execute(Arrays.copyOfRange(args, 1, args.length));
    }

    /** {@code livekit} without a subcommand, or with words it does not know. */
    @Override
    public Integer call() {
        return usage();
    }

    private int usage() {
        err.print(USAGE_TEXT);
        return USAGE;
    }

    private static boolean isLiveKit(CommandLine cli) {
        return liveKit(cli) != null;
    }

    private static CommandLine liveKit(CommandLine cli) {
        for (CommandLine c = cli; c != null; c = c.getParent()) {
            if (c.getCommand() instanceof LiveKitCommand) {
                return c;
            }
        }
        return null;
    }

    @Command(name = "provision")
    static final class Provision implements Callable<Integer> {
        @ParentCommand
        private LiveKitCommand parent;

        @Option(names = ALLOW_ANY_SOURCE)
        private boolean allowAnySource;

        /** Spring's {@code --key=value} configuration. */
        @Unmatched
        private List<String> configuration = new ArrayList<>();

        @Override
        public Integer call() {
            List<String> springArgs = new ArrayList<>(parent.leading);
            springArgs.addAll(configuration);
            if (springArgs.stream().anyMatch(a -> !a.startsWith("--"))) {
                return parent.usage();
            }
            boolean anySource = allowAnySource || springArgs.contains(ALLOW_ANY_SOURCE);
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ProvisioningContext.class)
                    .web(WebApplicationType.NONE)
                    .bannerMode(Banner.Mode.OFF)
                    .logStartupInfo(false)
                    .run(springArgs.toArray(String[]::new))) {
                return provision(
                        context.getBean(LiveKitProperties.class),
                        context.getBean(ProvisioningProperties.class),
                        anySource,
                        parent.out,
                        parent.err);
            }
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
