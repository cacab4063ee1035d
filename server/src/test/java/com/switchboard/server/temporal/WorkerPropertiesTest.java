package com.switchboard.server.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.switchboard.activities.temporal.ControlPlaneWorker;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code switchboard.worker.*} as an operator writes it, down to the worker factory's options. */
class WorkerPropertiesTest {

    private static WorkerProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("switchboard.worker", WorkerProperties.class);
    }

    @Test
    void unsetMeansTheMeasuredDefault() {
        WorkerProperties properties = bind(Map.of());

        assertThat(properties.enabled()).isTrue();
        assertThat(properties.defaultRegion()).isEqualTo("IT");
        assertThat(properties.capacity()).isEqualTo(ControlPlaneWorker.Capacity.DEFAULT);
        assertThat(properties.capacity().factoryOptions().isUsingVirtualWorkflowThreads())
                .isTrue();
        assertThat(properties.capacity().factoryOptions().getWorkflowCacheSize())
                .isEqualTo(10_000);
    }

    @Test
    void aSmallPlatformThreadNodeParksOneThreadPerCachedWorkflow() {
        WorkerProperties properties = bind(Map.of(
                "switchboard.worker.workflow-cache-size", "2500",
                "switchboard.worker.virtual-workflow-threads", "false",
                "switchboard.worker.activity-slots", "300"));

        ControlPlaneWorker.Capacity capacity = properties.capacity();
        assertThat(capacity).isEqualTo(new ControlPlaneWorker.Capacity(2500, false, 300));
        assertThat(capacity.factoryOptions().isUsingVirtualWorkflowThreads()).isFalse();
        assertThat(capacity.factoryOptions().getWorkflowCacheSize()).isEqualTo(2500);
        // Fewer threads than cached workflows would evict held calls and replay them on every event.
        assertThat(capacity.factoryOptions().getMaxWorkflowThreadCount()).isEqualTo(2500);
    }

    @Test
    void zeroOrNegativeIsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> bind(Map.of("switchboard.worker.workflow-cache-size", "0"))
                        .capacity())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("workflowCacheSize");
        assertThatThrownBy(() ->
                        bind(Map.of("switchboard.worker.activity-slots", "-5")).capacity())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("activitySlots");
    }
}
