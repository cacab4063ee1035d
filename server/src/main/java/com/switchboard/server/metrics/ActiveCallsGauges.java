package com.switchboard.server.metrics;

import com.switchboard.server.metrics.CallLedgerReadings.OrganizationLoad;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * {@code switchboard_calls_active{organization}}: calls holding a line now, read from active_calls
 * (the ledger every replica shares, so every replica reports the same figure: take the max, not
 * the sum), and {@code switchboard_organization_info{organization,slug}} to name the ids.
 */
final class ActiveCallsGauges {
    private static final Logger log = LoggerFactory.getLogger(ActiveCallsGauges.class);

    private final CallLedgerReadings ledger;
    private final MultiGauge active;
    private final MultiGauge info;

    ActiveCallsGauges(CallLedgerReadings ledger, MeterRegistry registry) {
        this.ledger = ledger;
        this.active = MultiGauge.builder("switchboard.calls.active")
                .description("Calls holding a line now, per organization")
                .register(registry);
        this.info = MultiGauge.builder("switchboard.organization.info")
                .description("1 per organization; names the organization ids of the other metrics")
                .register(registry);
    }

    @Scheduled(
            fixedDelayString = "${switchboard.metrics.active-calls-refresh:PT5S}",
            initialDelayString = "${switchboard.metrics.active-calls-refresh:PT5S}")
    void refresh() {
        List<OrganizationLoad> loads;
        try {
            loads = ledger.activeCallsPerOrganization();
        } catch (RuntimeException e) {
            log.debug("active calls not read: {}", e.toString());
            return;
        }
        active.register(
                loads.stream()
                        .map(load -> MultiGauge.Row.of(
                                Tags.of("organization", Long.toString(load.organizationId())), load.activeCalls()))
                        .toList(),
                true);
        info.register(
                loads.stream()
                        .map(load -> MultiGauge.Row.of(
                                Tags.of("organization", Long.toString(load.organizationId()), "slug", load.slug()), 1))
                        .toList(),
                true);
    }
}
