package com.switchboard.server.metrics;

import com.switchboard.gpu.status.GpuFleetReport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * {@code switchboard_gpu_slots{worker,state="used"|"free"}}: agent-session slots of each GPU
 * worker, as the worker reports them (free is what it would admit now: none while it pauses after
 * an agent no-show).
 */
final class GpuSlotGauges {
    private static final Logger log = LoggerFactory.getLogger(GpuSlotGauges.class);

    private final GpuFleetSource fleet;
    private final MultiGauge slots;

    GpuSlotGauges(GpuFleetSource fleet, MeterRegistry registry) {
        this.fleet = fleet;
        this.slots = MultiGauge.builder("switchboard.gpu.slots")
                .description("Agent-session slots of each GPU worker, used and free")
                .register(registry);
    }

    @Scheduled(
            fixedDelayString = "${switchboard.metrics.gpu-refresh:PT10S}",
            initialDelayString = "${switchboard.metrics.gpu-refresh:PT10S}")
    void refresh() {
        List<GpuFleetReport> reports;
        try {
            reports = fleet.reports();
        } catch (RuntimeException e) {
            log.debug("GPU fleet not read: {}", e.toString());
            return;
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        for (GpuFleetReport report : reports) {
            rows.add(MultiGauge.Row.of(Tags.of("worker", report.identity(), "state", "used"), report.slotsUsed()));
            rows.add(MultiGauge.Row.of(Tags.of("worker", report.identity(), "state", "free"), report.slotsFree()));
        }
        slots.register(rows, true);
    }
}
