package com.switchboard.bench.chaos;

import com.switchboard.livekit.simulator.LiveKitSimulator;
import io.temporal.client.WorkflowClient;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * What a soak runs against, already started: the server (webhooks and the control-plane worker),
 * the GPU workers, the Temporal server where the soak runs one of its own (killed and restarted
 * on its database), the LiveKit simulator posting to the server, the database (as its owner, to read
 * what the server wrote) and a Temporal client (for LineWorkflow state queries).
 */
public record SoakServices(
        Restartable server,
        List<Restartable> gpuWorkers,
        Optional<Restartable> temporal,
        LiveKitSimulator simulator,
        DSLContext owner,
        WorkflowClient client) {
    public SoakServices {
        gpuWorkers = List.copyOf(gpuWorkers);
        Objects.requireNonNull(temporal, "temporal");
    }
}
