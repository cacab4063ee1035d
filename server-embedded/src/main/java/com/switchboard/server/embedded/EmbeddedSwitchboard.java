package com.switchboard.server.embedded;

import com.switchboard.server.SwitchboardApplication;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The embedded default: the whole platform in one process, from one command ({@link EmbeddedMain}).
 * It starts PostgreSQL, Temporal's service
 * and the LiveKit simulator (see {@link EmbeddedInfrastructure}), then the ordinary server pointed at
 * them with the {@code embedded} profile, which adds a GPU worker on CPU slots, demo data, simulated
 * calls and a start-up banner.
 */
public final class EmbeddedSwitchboard implements AutoCloseable {
    /** Accepted and redundant: what started the embedded default when it was part of server.jar. */
    public static final String FLAG = "--embedded";

    public static final String PROFILE = "embedded";

    private final ConfigurableApplicationContext context;
    private final EmbeddedInfrastructure infrastructure;

    private EmbeddedSwitchboard(ConfigurableApplicationContext context, EmbeddedInfrastructure infrastructure) {
        this.context = context;
        this.infrastructure = infrastructure;
    }

    /**
     * Starts everything and returns once the server is ready. Stopping: {@link #close()}, or the
     * JVM's shutdown (Ctrl+C), which closes the server first and the infrastructure after it.
     */
    public static EmbeddedSwitchboard start(String... args) {
        EmbeddedSettings settings = EmbeddedSettings.from(args);
        EmbeddedInfrastructure infrastructure = EmbeddedInfrastructure.start(settings);
        try {
            ConfigurableApplicationContext context = new SpringApplicationBuilder(SwitchboardApplication.class)
                    .profiles(PROFILE)
                    .initializers(applicationContext -> {
                        DefaultListableBeanFactory beans =
                                (DefaultListableBeanFactory) applicationContext.getBeanFactory();
                        beans.registerSingleton("embeddedSettings", settings);
                        beans.registerSingleton("embeddedInfrastructure", infrastructure);
                        beans.registerSingleton("liveKitSimulator", infrastructure.liveKit());
                        // Registered before any bean exists, so destroyed after all of them: the
                        // server's workers and connection pool are gone before their services stop.
                        beans.registerDisposableBean("embeddedInfrastructureCloser", infrastructure::close);
                    })
                    .run(arguments(args, infrastructure.serverProperties()));
            return new EmbeddedSwitchboard(context, infrastructure);
        } catch (RuntimeException e) {
            infrastructure.close();
            throw e;
        }
    }

    /**
     * The user's arguments, plus {@code --key=value} for every infrastructure property the user did
     * not set. Command-line arguments outrank application.yml and the environment, so the server
     * cannot wander off to a production database named in the environment.
     */
    static String[] arguments(String[] args, Map<String, String> properties) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        properties.forEach((key, value) -> {
            if (all.stream().noneMatch(a -> a.startsWith("--" + key + "="))) {
                all.add("--" + key + "=" + value);
            }
        });
        return all.toArray(String[]::new);
    }

    public ConfigurableApplicationContext context() {
        return context;
    }

    public int port() {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public URI dashboard() {
        return URI.create("http://localhost:" + port() + "/");
    }

    public String postgresUrl() {
        return infrastructure.postgresUrl();
    }

    /** Stops the server, then the infrastructure. */
    @Override
    public void close() {
        context.close();
        infrastructure.close();
    }
}
