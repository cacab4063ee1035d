package com.switchboard.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GpuWorkerConfigTest {
    @Test
    void everySettingHasADefaultExceptLiveKitCredentials() {
        GpuWorkerConfig config = GpuWorkerConfig.from(key -> null);

        assertThat(config.temporalAddress()).isEqualTo("localhost:7233");
        assertThat(config.taskQueue()).isEqualTo("agent-sessions");
        assertThat(config.slots().sessionFootprintMiB()).isEqualTo(6144);
        assertThat(config.session().agentJoinTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(config.statusPort()).isNegative();
        assertThat(config.name()).startsWith("gpu@");
        assertThat(config.liveKitApiKey()).isNull();
    }

    @Test
    void settingsAreReadFromTheirNames() {
        Map<String, String> env = Map.of(
                "GPU_POOL", "rtx-3090",
                "GPU_SESSION_MIB", "4096",
                "GPU_MAX_SESSIONS_PER_GPU", "3",
                "GPU_CPU_SLOTS", "1",
                "AGENT_NAME_SUFFIX", "-host-a",
                "TEMPORAL_STICKY_SCHEDULE_TO_START_SECONDS", "0",
                "GPU_STATUS_PORT", "9464");

        GpuWorkerConfig config = GpuWorkerConfig.from(env::get);

        assertThat(config.taskQueue()).isEqualTo("agent-sessions-rtx-3090");
        assertThat(config.slots().sessionFootprintMiB()).isEqualTo(4096);
        assertThat(config.slots().maxSessionsPerGpu()).isEqualTo(3);
        assertThat(config.slots().cpuSlots()).isEqualTo(1);
        assertThat(config.session().agentNameSuffix()).isEqualTo("-host-a");
        assertThat(config.stickyScheduleToStart()).isZero();
        assertThat(config.statusPort()).isEqualTo(9464);
    }

    @Test
    void aMalformedSettingIsRejectedAtStart() {
        assertThatThrownBy(() -> GpuWorkerConfig.from(Map.of("GPU_SESSION_MIB", "6GB")::get))
                .hasMessageContaining("GPU_SESSION_MIB");
        assertThatThrownBy(() -> GpuWorkerConfig.from(Map.of("GPU_POOL", "RTX 3090")::get))
                .hasMessageContaining("pool");
    }
}
