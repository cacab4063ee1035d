package com.switchboard.server;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jooq.JooqAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;
import picocli.CommandLine;

/**
 * The Switchboard server: LiveKit webhooks in, the control-plane worker, and (with {@code livekit
 * ...} as arguments) the provisioning commands, which run without the web server or the worker.
 *
 * <p>Spring's own Flyway and jOOQ set-ups stay off: migrations run as the schema owner, not as the
 * application login, and every jOOQ context must come from {@code Database}, which states whom a
 * transaction acts for.
 */
@SpringBootApplication(exclude = {FlywayAutoConfiguration.class, JooqAutoConfiguration.class})
@ConfigurationPropertiesScan
@EnableScheduling
public class SwitchboardApplication {
    public static void main(String[] args) {
        useServerLogging();
        CommandLine cli = SwitchboardCommand.commandLine(args, System.out, System.err);
        int status = cli.execute(args);
        // The server runs on after main returns; a command (or a refusal) ends the process.
        if (status != 0 || cli.getParseResult().subcommand() != null) {
            System.exit(status);
        }
    }

    /**
     * The server's logging configuration, unless the operator names one: libraries on a class path
     * that holds this application (gpu-workers, in the embedded default) may ship a logback.xml of
     * their own, which logback would otherwise pick.
     */
    public static void useServerLogging() {
        if (System.getProperty("logging.config") == null && System.getenv("LOGGING_CONFIG") == null) {
            System.setProperty("logging.config", "classpath:switchboard-logback.xml");
        }
    }
}
