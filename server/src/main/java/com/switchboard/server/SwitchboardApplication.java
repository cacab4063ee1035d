package com.switchboard.server;

import com.switchboard.server.provisioning.LiveKitCommand;
import java.util.Arrays;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.jooq.JooqAutoConfiguration;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

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
    /**
     * What started the embedded default before it left this jar. Production must not run it (it
     * opens a Temporal service and demo logins), so it is refused rather than silently ignored.
     */
    static final String EMBEDDED_FLAG = "--embedded";

    static final int USAGE = 2;

    public static void main(String[] args) {
        useServerLogging();
        if (args.length > 0 && args[0].equals(LiveKitCommand.NAME)) {
            System.exit(LiveKitCommand.run(args));
        }
        if (Arrays.asList(args).contains(EMBEDDED_FLAG)) {
            System.err.println(EMBEDDED_FLAG + " is not part of the production server: the embedded default is"
                    + " server-embedded/target/server-embedded.jar (./switchboard-dev)");
            System.exit(USAGE);
        }
        SpringApplication.run(SwitchboardApplication.class, args);
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
