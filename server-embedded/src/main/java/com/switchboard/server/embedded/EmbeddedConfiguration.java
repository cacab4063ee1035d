package com.switchboard.server.embedded;

import com.switchboard.activities.db.Database;
import com.switchboard.livekit.simulator.LiveKitSimulator;
import com.switchboard.server.security.Accounts;
import io.temporal.client.WorkflowClient;
import java.net.URI;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * What the {@code embedded} profile adds to the ordinary server: a GPU worker on CPU slots, the
 * test-service worker options (only on the test-service fallback), demo data, and simulated
 * callers. The infrastructure beans it uses ({@link EmbeddedSettings}, {@link
 * EmbeddedInfrastructure}, {@link LiveKitSimulator}) are put in by {@link EmbeddedSwitchboard}
 * before the context starts.
 */
@Configuration(proxyBeanMethods = false)
@Profile(EmbeddedSwitchboard.PROFILE)
class EmbeddedConfiguration {
    @Bean
    @ConditionalOnProperty("switchboard.temporal.test-service")
    TestServiceWorkers testServiceWorkers() {
        return new TestServiceWorkers();
    }

    @Bean
    InProcessGpuWorker inProcessGpuWorker(
            WorkflowClient client,
            LiveKitSimulator liveKit,
            EmbeddedSettings settings,
            EmbeddedInfrastructure infrastructure) {
        return new InProcessGpuWorker(client, liveKit, settings, infrastructure.gpuStatusPort());
    }

    @Bean(destroyMethod = "close")
    CallTraffic callTraffic(LiveKitSimulator liveKit, Database database, EmbeddedSettings settings) {
        return new CallTraffic(liveKit, database, settings);
    }

    /** Before anything calls: the previous run's orphans closed, then (first start only) the demo data. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    ApplicationRunner embeddedData(Database database, Accounts accounts, EmbeddedSettings settings) {
        return args -> {
            // The real server keeps calls in progress across a restart (their workflows go on and
            // supervision closes those whose rooms are gone); the test service forgets them.
            if (settings.testServer()) {
                new LeftoverCalls(database).close();
            }
            if (settings.demoData()) {
                new DemoData(database, accounts).seedIfEmpty();
            }
        };
    }

    /** Once the server answers: webhooks to it, callers on, the banner. */
    @Bean
    ApplicationListener<ApplicationReadyEvent> embeddedReady(
            LiveKitSimulator liveKit,
            CallTraffic traffic,
            EmbeddedInfrastructure infrastructure,
            InProcessGpuWorker gpuWorker) {
        return event -> {
            int port = ((WebServerApplicationContext) event.getApplicationContext())
                    .getWebServer()
                    .getPort();
            liveKit.setWebhookUrl(URI.create("http://127.0.0.1:" + port + "/livekit/webhook"));
            traffic.start();
            StartupBanner.print(System.out, infrastructure, port, gpuWorker.identity());
        };
    }
}
