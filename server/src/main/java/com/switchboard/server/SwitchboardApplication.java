package com.switchboard.server;

import com.switchboard.server.embedded.EmbeddedSwitchboard;
import com.switchboard.server.provisioning.LiveKitCommand;
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

    public static void main(String[] args) {
        if (System.getProperty("logging.config") == null && System.getenv("LOGGING_CONFIG") == null) {
            // gpu-workers (a library here) ships logback.xml for its own process; ours must win.
            System.setProperty("logging.config", "classpath:switchboard-logback.xml");
        }
        if (args.length > 0 && args[0].equals(LiveKitCommand.NAME)) {
            System.exit(LiveKitCommand.run(args));
        }
        if (EmbeddedSwitchboard.requested(args)) {
            // PostgreSQL, Temporal and LiveKit in this process first, then this server against them.
            EmbeddedSwitchboard.start(args);
            return;
        }
        SpringApplication.run(SwitchboardApplication.class, args);
    }
}
