package com.switchboard.gpu.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.util.Utils;
import ai.djl.util.cuda.CudaUtils;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * DJL with the PyTorch engine, offline: the native library comes from the pytorch-native-cpu jar
 * on the class path and is unpacked into target/ (set by the build), never downloaded.
 */
class DjlOfflineTest {
    @Test
    void djlComputesATensorOnTheCpuWithoutDownloadingAnything() {
        assertThat(Utils.isOfflineMode()).isTrue();

        float sum = TensorSelfTest.run(Device.cpu());

        assertThat(sum).isEqualTo(TensorSelfTest.expectedSum());
        assertThat(Engine.getEngine("PyTorch").getVersion()).isEqualTo("2.7.1");
        // libtorch was unpacked from the jar into the build's own cache, not the user's home.
        assertThat(Utils.getEngineCacheDir("pytorch"))
                .startsWithRaw(Path.of("target").toAbsolutePath());
        assertThat(Utils.getEngineCacheDir("pytorch")).isDirectory();
    }

    @Test
    void theDjlProbeReportsExactlyTheGpusCudaSees() {
        // No GPU on the build machines: the probe must then report none rather than fail.
        assertThat(new DjlGpuProbe(GpuNames.none()).devices()).hasSize(CudaUtils.getGpuCount());
    }
}
