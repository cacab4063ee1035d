package com.switchboard.server.metrics;

import com.switchboard.server.fleet.Fleet;
import com.switchboard.server.fleet.FleetView;
import com.switchboard.server.fleet.WorkerReading;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The GPU fleet as the dashboard's fleet page reads it (the workers' {@code /status}, configured in
 * {@code switchboard.fleet.workers}):
 *
 * <ul>
 *   <li>{@code switchboard_gpu_slots{worker,state="used"|"free"}}: each worker's agent-session
 *       slots (free is what it would admit now: none while it pauses after an agent no-show);
 *   <li>{@code switchboard_gpu_workers{state="reachable"|"unreachable"}}: how many configured
 *       workers answered, for an alert on a lost GPU host.
 * </ul>
 */
final class GpuSlotGauges {
    private static final Logger log = LoggerFactory.getLogger(GpuSlotGauges.class);

    private final Fleet fleet;
    private final MultiGauge slots;
    private final MultiGauge workers;

    GpuSlotGauges(Fleet fleet, MeterRegistry registry) {
        this.fleet = fleet;
        this.slots = MultiGauge.builder("switchboard.gpu.slots")
                .description("Agent-session slots of each GPU worker, used and free")
                .register(registry);
        this.workers = MultiGauge.builder("switchboard.gpu.workers")
                .description("Configured GPU workers that answered their status, and those that did not")
                .register(registry);
    }

    @Scheduled(
            fixedDelayString = "${switchboard.metrics.gpu-refresh:PT10S}",
            initialDelayString = "${switchboard.metrics.gpu-refresh:PT10S}")
    void refresh() {
        FleetView view;
        try {
            view = fleet.read();
        } catch (RuntimeException e) {
            log.debug("GPU fleet not read: {}", e.toString());
            return;
        }
        List<MultiGauge.Row<?>> rows = new ArrayList<>();
        int reachable = 0;
        for (WorkerReading reading : view.workers()) {
            if (!reading.reachable()) {
                continue;
            }
            reachable++;
            String worker = reading.status().identity();
            rows.add(MultiGauge.Row.of(
                    Tags.of("worker", worker, "state", "used"), reading.status().slotsUsed()));
            rows.add(MultiGauge.Row.of(
                    Tags.of("worker", worker, "state", "free"), reading.status().slotsFree()));
        }
        slots.register(rows, true);
        workers.register(
                List.of(
                        MultiGauge.Row.of(Tags.of("state", "reachable"), reachable),
                        MultiGauge.Row.of(
                                Tags.of("state", "unreachable"), view.workers().size() - reachable)),
                true);
    }
}
