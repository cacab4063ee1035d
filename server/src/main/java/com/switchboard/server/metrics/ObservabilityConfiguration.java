package com.switchboard.server.metrics;

import com.switchboard.activities.db.Database;
import com.switchboard.server.fleet.Fleet;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.temporal.client.WorkflowClient;
import io.temporal.common.SimplePlugin;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Metrics, health and the call logging context.
 *
 * <p>The interceptors travel as a Temporal plugin on the Spring-made {@link WorkflowClient}: every
 * worker factory built from that client (the control-plane worker, the embedded GPU worker) picks
 * them up, whoever builds it. The Temporal SDK's own metrics (workflow and activity task latencies,
 * poll counts, schedule-to-start, sticky cache) need nothing here: temporal-spring-boot-starter
 * reports them into the same registry once a MeterRegistry exists.
 */
@Configuration(proxyBeanMethods = false)
class ObservabilityConfiguration {

    /**
     * Prometheus refuses a second meter of one name with other tag keys, and the Temporal SDK tags
     * its request metrics with {@code update_name} only for update calls (a call's line is acquired
     * with update-with-start), so those would be dropped. Every Temporal request metric gets the key.
     */
    @Bean
    MeterFilter temporalRequestTagKeys() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                if (id.getName().startsWith("temporal")
                        && id.getName().contains("request")
                        && id.getTag("update_name") == null) {
                    return id.withTag(Tag.of("update_name", "none"));
                }
                return id;
            }
        };
    }

    @Bean
    CallMetrics callMetrics(MeterRegistry registry) {
        return new CallMetrics(registry);
    }

    @Bean
    CallLedgerReadings callLedgerReadings(Database database) {
        return new CallLedgerReadings(database);
    }

    @Bean
    SimplePlugin switchboardObservabilityPlugin(CallLedgerReadings ledger, CallMetrics metrics) {
        return SimplePlugin.newBuilder("switchboard-observability")
                .addContextPropagators(new CallLogContext())
                .addWorkerInterceptors(new CallLoggingInterceptor(), new CallMetricsInterceptor(ledger, metrics))
                .build();
    }

    @Bean
    ActiveCallsGauges activeCallsGauges(CallLedgerReadings ledger, MeterRegistry registry) {
        return new ActiveCallsGauges(ledger, registry);
    }

    @Bean
    GpuSlotGauges gpuSlotGauges(Fleet fleet, MeterRegistry registry) {
        return new GpuSlotGauges(fleet, registry);
    }

    /** Named {@code db}: the readiness group includes it (application.yml). */
    @Bean
    DatabaseHealthIndicator dbHealthIndicator(Database database) {
        return new DatabaseHealthIndicator(database);
    }

    /** Named {@code temporal}: the readiness group includes it (application.yml). */
    @Bean
    TemporalHealthIndicator temporalHealthIndicator(WorkflowClient client) {
        return new TemporalHealthIndicator(client);
    }
}
