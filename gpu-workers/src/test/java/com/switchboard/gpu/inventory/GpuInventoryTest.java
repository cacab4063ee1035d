package com.switchboard.gpu.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.switchboard.gpu.testing.FakeGpus;
import org.junit.jupiter.api.Test;

class GpuInventoryTest {
    @Test
    void aGpuThatFailsItsSelfTestIsNotUsed() {
        FakeGpus gpus = new FakeGpus()
                .gpu("RTX 3090", 24_576, 20_000)
                .gpu("RTX 3090", 24_576, 20_000)
                .failingSelfTest(1);

        GpuInventory inventory = GpuInventory.discover(gpus);

        assertThat(inventory.usable()).containsExactly(gpus.device(0));
        assertThat(inventory.excluded()).singleElement().satisfies(excluded -> {
            assertThat(excluded.device()).isEqualTo(gpus.device(1));
            assertThat(excluded.reason()).contains("illegal memory access");
        });
        assertThat(inventory.hostHasNoGpu()).isFalse();
    }

    @Test
    void aHostWithoutGpusHasAnEmptyInventory() {
        GpuInventory inventory = GpuInventory.discover(new FakeGpus());

        assertThat(inventory.hostHasNoGpu()).isTrue();
    }

    @Test
    void gpuNamesAreReadOnePerLineOfNvidiaSmi() {
        assertThat(GpuNames.parse("NVIDIA GeForce RTX 3090\nNVIDIA H100 80GB HBM3\n\n"))
                .containsExactly("NVIDIA GeForce RTX 3090", "NVIDIA H100 80GB HBM3");
    }
}
