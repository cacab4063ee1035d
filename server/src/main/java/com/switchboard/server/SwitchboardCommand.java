package com.switchboard.server;

import com.switchboard.server.provisioning.LiveKitCommand;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.springframework.boot.SpringApplication;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Unmatched;

/**
 * {@code switchboard [--key=value ...]} runs the server with that configuration; {@code switchboard
 * livekit ...} runs a provisioning command instead ({@link LiveKitCommand}).
 */
@Command(name = "switchboard")
final class SwitchboardCommand implements Callable<Integer> {
    /**
     * What started the embedded default before it left this jar. Production must not run it (it
     * opens a Temporal service and demo logins), so it is refused rather than silently ignored.
     */
    static final String EMBEDDED_FLAG = "--embedded";

    static final int USAGE = 2;

    private final String[] args;
    private final PrintStream err;

    @Option(names = EMBEDDED_FLAG, hidden = true)
    private boolean embedded;

    /** Spring's configuration; the server gets the command line as it was given. */
    @Unmatched
    private List<String> configuration = new ArrayList<>();

    private SwitchboardCommand(String[] args, PrintStream err) {
        this.args = args.clone();
        this.err = err;
    }

    /** The command line for {@code args}: execute it with the same {@code args}. */
    static CommandLine commandLine(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new SwitchboardCommand(args, err))
                .addSubcommand(LiveKitCommand.NAME, LiveKitCommand.commandLine(out, err));
        LiveKitCommand.configure(cli);
        return cli;
    }

    @Override
    public Integer call() {
        if (embedded) {
            err.println(EMBEDDED_FLAG + " is not part of the production server: the embedded default is"
                    + " server-embedded/target/server-embedded.jar (./switchboard-dev)");
            return USAGE;
        }
        SpringApplication.run(SwitchboardApplication.class, args);
        return 0;
    }
}
