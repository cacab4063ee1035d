package com.switchboard.gpu.e2e;

import static org.awaitility.Awaitility.await;

import com.switchboard.gpu.GpuWorker;
import com.switchboard.gpu.GpuWorkerConfig;
import com.switchboard.gpu.inventory.GpuProbe;
import com.switchboard.gpu.session.LiveKitRooms;
import com.switchboard.livekit.simulator.LiveKitSimulator;
import com.switchboard.livekit.simulator.SimulatedCall;
import com.switchboard.livekit.simulator.SimulatorConfig;
import com.switchboard.temporal.dev.SharedTemporal;
import com.switchboard.workflows.CallSearchAttributes;
import com.switchboard.workflows.ControlPlaneWorkflows;
import com.switchboard.workflows.TaskQueues;
import com.switchboard.workflows.WorkflowIds;
import com.switchboard.workflows.call.CallPolicy;
import com.switchboard.workflows.call.CallRequest;
import com.switchboard.workflows.call.CallWorkflow;
import com.switchboard.workflows.call.CallerJoined;
import com.switchboard.workflows.route.AgentConfig;
import com.switchboard.workflows.route.Route;
import com.switchboard.workflows.session.SessionHeartbeat;
import com.switchboard.workflows.session.SessionRequest;
import com.switchboard.workflows.testing.FixedRoutes;
import com.switchboard.workflows.testing.RecordingLedger;
import com.switchboard.workflows.testing.RecordingLiveKit;
import com.switchboard.workflows.testing.ScriptedAudit;
import com.switchboard.workflows.testing.ScriptedLines;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.converter.GlobalDataConverter;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The real Temporal server (the JVM's dev server, a namespace per harness), the LiveKit simulator, and GPU workers as separate
 * "hosts": each host has its own gRPC connection, so halting one (worker and connection) looks to
 * Temporal like a host that died, and nothing it had running can report back.
 */
final class SessionHarness implements AutoCloseable {
    static final String API_KEY = "APIgpuworkers";
    static final String API_SECRET = "gpu-workers-test-secret-0123456789abcdef";
    static final String PROBE_QUEUE = "gpu-e2e-probe";
    static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(3);

    final LiveKitSimulator livekit;
    private final String target;
    private final String namespace;
    private final WorkflowServiceStubs controlStubs;
    final WorkflowClient client;
    private final WorkerFactory control;
    private final List<Host> hosts = new ArrayList<>();

    SessionHarness(SimulatorConfig simulator) {
        livekit = LiveKitSimulator.start(simulator);
        target = SharedTemporal.target();
        namespace = SharedTemporal.newNamespace("gpu-e2e");
        controlStubs = stubs();
        client = WorkflowClient.newInstance(
                controlStubs,
                WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
        control = WorkerFactory.newInstance(client);
        control.newWorker(PROBE_QUEUE).registerWorkflowImplementationTypes(SessionProbeWorkflowImpl.class);
    }

    /** Starts the control worker (after {@link #startControlPlane} when a test uses it). */
    void startControl() {
        if (!control.isStarted()) {
            control.start();
        }
    }

    static SimulatorConfig simulator() {
        return SimulatorConfig.defaults(API_KEY, API_SECRET)
                .withAgentJoinDelay(Duration.ofMillis(300))
                .withMediaTimeout(Duration.ofSeconds(3));
    }

    /** A GPU host with the settings a test names on top of fast test defaults. */
    Host startHost(String name, GpuProbe probe, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(Map.of(
                "GPU_WORKER_NAME", name,
                "GPU_CPU_SLOTS", "4",
                "GPU_MEMORY_SETTLE_SECONDS", "0",
                "GPU_SLOT_RECHECK_MILLIS", "100",
                "SESSION_POLL_MILLIS", "200",
                "SESSION_HEARTBEAT_SECONDS", "1",
                "AGENT_JOIN_TIMEOUT_SECONDS", "3"));
        env.putAll(settings);
        GpuWorkerConfig config = GpuWorkerConfig.from(env::get);
        WorkflowServiceStubs stubs = stubs();
        WorkflowClient hostClient = WorkflowClient.newInstance(
                stubs,
                WorkflowClientOptions.newBuilder()
                        .setNamespace(namespace)
                        .setIdentity(name)
                        .build());
        GpuWorker worker = GpuWorker.start(
                config, hostClient, probe, LiveKitRooms.connect(livekit.url().toString(), API_KEY, API_SECRET));
        Host host = new Host(worker, stubs);
        hosts.add(host);
        return host;
    }

    /** One GPU host of the test. */
    static final class Host {
        final GpuWorker worker;
        private final WorkflowServiceStubs stubs;
        private boolean stopped;

        Host(GpuWorker worker, WorkflowServiceStubs stubs) {
            this.worker = worker;
            this.stubs = stubs;
        }

        /** The host dies: no more polls, heartbeats or completions reach Temporal. */
        void halt() {
            if (!stopped) {
                stopped = true;
                stubs.shutdownNow();
                worker.halt();
            }
        }

        void stop() {
            if (!stopped) {
                stopped = true;
                worker.shutdown(Duration.ofSeconds(5));
                stubs.shutdownNow();
                stubs.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    /** The control plane: the real CallWorkflow and LineWorkflow, stand-ins for the other steps. */
    record ControlPlane(FixedRoutes routes, ScriptedLines lines, RecordingLedger ledger, RecordingLiveKit liveKit) {}

    ControlPlane startControlPlane(Route route) {
        OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(OperatorServiceStubsOptions.newBuilder()
                .setChannel(controlStubs.getRawChannel())
                .validateAndBuildWithDefaults());
        AddSearchAttributesRequest.Builder attributes = AddSearchAttributesRequest.newBuilder()
                .setNamespace(client.getOptions().getNamespace());
        CallSearchAttributes.ALL.forEach(key -> attributes.putSearchAttributes(key.getName(), key.getValueType()));
        operator.blockingStub().addSearchAttributes(attributes.build());

        ControlPlane plane = new ControlPlane(
                new FixedRoutes(route), new ScriptedLines(), new RecordingLedger(), new RecordingLiveKit());
        Worker calls = control.newWorker(TaskQueues.CALLS);
        ControlPlaneWorkflows.register(calls);
        calls.registerActivitiesImplementations(
                plane.routes(), plane.lines(), plane.ledger(), plane.liveKit(), new ScriptedAudit());
        startControl();
        return plane;
    }

    /** What the webhook endpoint does with participant_joined: signal-with-start the call. */
    CallWorkflow joined(SimulatedCall call, CallPolicy policy) {
        CallWorkflow workflow = client.newWorkflowStub(
                CallWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(WorkflowIds.call(call.roomName()))
                        .setTaskQueue(TaskQueues.CALLS)
                        .build());
        BatchRequest batch = client.newSignalWithStartRequest();
        batch.add(workflow::run, new CallRequest(call.roomName(), policy));
        batch.add(
                workflow::callerJoined,
                new CallerJoined(
                        call.calledNumber(),
                        call.callerNumber(),
                        call.sipCallId(),
                        call.sipCallIdFull(),
                        call.trunkId(),
                        call.callerIdentity(),
                        call.placedAt()));
        client.signalWithStart(batch);
        return client.newWorkflowStub(CallWorkflow.class, WorkflowIds.call(call.roomName()));
    }

    static AgentConfig agent(String agentName, Integer maxCallSeconds) {
        return new AgentConfig(agentName, "Buongiorno", "it-IT", "You answer the phone.", "alloy", maxCallSeconds);
    }

    static SessionRequest request(SimulatedCall call, AgentConfig config) {
        return new SessionRequest(
                WorkflowIds.call(call.roomName()),
                call.roomName(),
                7L,
                11L,
                call.calledNumber(),
                call.callerNumber(),
                call.callerIdentity(),
                config,
                Instant.now());
    }

    /** Starts a probe workflow running the session of {@code call}; returns its stub. */
    SessionProbeWorkflow startSession(SimulatedCall call, AgentConfig config, String pool, int maxAttempts) {
        startControl();
        SessionProbeWorkflow probe = client.newWorkflowStub(
                SessionProbeWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(PROBE_QUEUE)
                        .setWorkflowId(WorkflowIds.call(call.roomName()))
                        .setWorkflowExecutionTimeout(Duration.ofMinutes(3))
                        .build());
        WorkflowClient.start(
                probe::run,
                new SessionProbeWorkflow.Probe(
                        request(call, config), TaskQueues.agentSessions(pool), maxAttempts, HEARTBEAT_TIMEOUT));
        return probe;
    }

    /** The session activity as Temporal sees it now, if one is pending. */
    Optional<PendingActivityInfo> pendingSession(SimulatedCall call) {
        var description = controlStubs
                .blockingStub()
                .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(client.getOptions().getNamespace())
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(WorkflowIds.call(call.roomName())))
                        .build());
        return description.getPendingActivitiesList().stream().findFirst();
    }

    /** The session's last heartbeat, decoded; null before the first. */
    static SessionHeartbeat heartbeat(PendingActivityInfo pending) {
        if (!pending.hasHeartbeatDetails()) {
            return null;
        }
        return GlobalDataConverter.get()
                .fromPayloads(
                        0, Optional.of(pending.getHeartbeatDetails()), SessionHeartbeat.class, SessionHeartbeat.class);
    }

    /** Whether the session has reported its agent answered and supervision running. */
    static boolean supervising(PendingActivityInfo pending) {
        SessionHeartbeat beat = heartbeat(pending);
        return beat != null && beat.state() == SessionHeartbeat.SessionState.SUPERVISING;
    }

    PendingActivityInfo awaitPendingSession(
            SimulatedCall call, Predicate<PendingActivityInfo> condition, Duration timeout) {
        try {
            return await().atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(50))
                    .until(
                            () -> pendingSession(call).orElse(null),
                            pending -> pending != null && condition.test(pending));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "the session of " + call.roomName() + " did not get there within " + timeout + "; it is "
                            + pendingSession(call).orElse(null),
                    e);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private WorkflowServiceStubs stubs() {
        return WorkflowServiceStubs.newServiceStubs(
                WorkflowServiceStubsOptions.newBuilder().setTarget(target).build());
    }

    @Override
    public void close() {
        hosts.forEach(Host::halt);
        control.shutdownNow();
        control.awaitTermination(5, TimeUnit.SECONDS);
        controlStubs.shutdownNow();
        livekit.close();
    }
}
