package com.switchboard.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.switchboard.gpu.inventory.GpuInventory;
import com.switchboard.gpu.slots.SessionDevice;
import com.switchboard.gpu.testing.FakeGpus;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GpuWorkerDevicesTest {
    private final GpuWorkerConfig config =
            GpuWorkerConfig.from(Map.of("GPU_MAX_SESSIONS_PER_GPU", "3", "GPU_CPU_SLOTS", "2")::get);

    @Test
    void eachGpuThatPassedItsSelfTestHoldsUpToTheMaximumPerGpu() {
        FakeGpus gpus =
                new FakeGpus().gpu("A", 24_576, 20_000).gpu("B", 24_576, 20_000).failingSelfTest(0);

        assertThat(GpuWorker.devices(config, GpuInventory.discover(gpus)))
                .containsExactly(new SessionDevice.Gpu(gpus.device(1), 3));
    }

    @Test
    void aHostWithoutGpusRunsItsCpuSlots() {
        assertThat(GpuWorker.devices(config, GpuInventory.discover(new FakeGpus())))
                .containsExactly(new SessionDevice.Cpu(2));
    }

    @Test
    void aHostWhoseGpusAllFailRefusesToStart() {
        FakeGpus gpus = new FakeGpus().gpu("A", 24_576, 20_000).failingSelfTest(0);

        assertThatThrownBy(() -> GpuWorker.devices(config, GpuInventory.discover(gpus)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("self-test");
    }
}
