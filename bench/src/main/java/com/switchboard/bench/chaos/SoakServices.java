package com.switchboard.bench.chaos;

import com.switchboard.livekit.simulator.LiveKitSimulator;
import io.temporal.client.WorkflowClient;
import java.util.List;
import org.jooq.DSLContext;

/**
 * What a soak runs against, already started: the server (webhooks and the control-plane worker),
 * the GPU workers, the LiveKit simulator posting to the server, the database (as its owner, to read
 * what the server wrote) and a Temporal client (for LineWorkflow state queries).
 */
public record SoakServices(
        Restartable server,
        List<Restartable> gpuWorkers,
        LiveKitSimulator simulator,
        DSLContext owner,
        WorkflowClient client) {
    public SoakServices {
        gpuWorkers = List.copyOf(gpuWorkers);
    }
}
