package com.switchboard.gpu;

import com.switchboard.gpu.inventory.DjlGpuProbe;
import com.switchboard.gpu.inventory.GpuNames;
import com.switchboard.gpu.session.LiveKitRooms;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GPU host process. Configuration comes from the environment (see {@link GpuWorkerConfig}).
 * SIGTERM stops taking calls and lets running ones finish for {@code GPU_DRAIN_SECONDS}.
 */
public final class GpuWorkerMain {
    private static final Logger log = LoggerFactory.getLogger(GpuWorkerMain.class);

    private GpuWorkerMain() {}

    public static void main(String[] args) throws InterruptedException {
        // libtorch ships in the image (pytorch-native jars); a GPU host must never fetch it at start.
        if (System.getProperty("ai.djl.offline") == null && System.getenv("DJL_OFFLINE") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        GpuWorkerConfig config = GpuWorkerConfig.fromEnvironment();
        if (config.liveKitApiKey() == null || config.liveKitApiSecret() == null) {
            throw new IllegalStateException("LIVEKIT_API_KEY and LIVEKIT_API_SECRET are required");
        }
        WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(config.temporalAddress())
                .build());
        WorkflowClient client = WorkflowClient.newInstance(
                stubs,
                WorkflowClientOptions.newBuilder()
                        .setNamespace(config.namespace())
                        .setIdentity(config.name())
                        .build());
        LiveKitRooms livekit =
                LiveKitRooms.connect(config.liveKitUrl(), config.liveKitApiKey(), config.liveKitApiSecret());
        GpuWorker worker = GpuWorker.start(config, client, new DjlGpuProbe(GpuNames.nvidiaSmi()), livekit);

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            worker.shutdown(config.drain());
                            stubs.shutdown();
                            stubs.awaitTermination(5, TimeUnit.SECONDS);
                            log.info("GPU worker {} stopped", worker.identity());
                            stopped.countDown();
                        },
                        "gpu-worker-shutdown"));
        stopped.await();
    }
}
