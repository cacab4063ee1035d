package com.switchboard.activities.temporal;

import static com.switchboard.db.Tables.ORGANIZATIONS;
import static com.switchboard.db.Tables.SIP_NUMBERS;

import com.switchboard.activities.ledger.LedgerActivitiesImpl;
import com.switchboard.activities.ledger.LedgerRepository;
import com.switchboard.activities.lines.LineActivitiesImpl;
import com.switchboard.activities.lines.LineAuditActivitiesImpl;
import com.switchboard.activities.route.PhoneNumbers;
import com.switchboard.activities.route.RouteActivitiesImpl;
import com.switchboard.activities.route.RoutingRepository;
import com.switchboard.activities.testing.TestDatabase;
import com.switchboard.temporal.dev.SharedTemporal;
import com.switchboard.temporal.dev.TemporalDevServer;
import com.switchboard.workflows.TaskQueues;
import com.switchboard.workflows.WorkflowIds;
import com.switchboard.workflows.call.CallPolicy;
import com.switchboard.workflows.call.CallRequest;
import com.switchboard.workflows.call.CallSummary;
import com.switchboard.workflows.call.CallWorkflow;
import com.switchboard.workflows.call.CallerJoined;
import com.switchboard.workflows.call.Hangup;
import com.switchboard.workflows.lines.LineState;
import com.switchboard.workflows.lines.LineTuning;
import com.switchboard.workflows.lines.LineWorkflow;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsRequest;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The control plane as it runs in production, on the real Temporal server (the CLI's dev server, one
 * per test JVM, a namespace of its own per harness): the real CallWorkflow and LineWorkflow, the
 * real routing, ledger, line and audit activities on a real PostgreSQL. Only LiveKit and the GPU
 * worker's agent session, systems we do not own, are stand-ins.
 */
final class ControlPlaneHarness implements AutoCloseable {
    final TestDatabase db = TestDatabase.shared();
    final LedgerRepository ledger = new LedgerRepository(db.database());
    final StandInSessions sessions = new StandInSessions();
    final StandInLiveKit liveKit = new StandInLiveKit();
    final String namespace;
    final WorkflowServiceStubs service;
    final WorkflowClient client;
    private final WorkerFactory factory;

    private ControlPlaneHarness(
            String target, LineTuning tuning, UnaryOperator<WorkflowServiceStubsOptions.Builder> stubs) {
        db.reset();
        namespace = SharedTemporal.newNamespace("control-plane", target);
        service = WorkflowServiceStubs.newServiceStubs(
                stubs.apply(WorkflowServiceStubsOptions.newBuilder().setTarget(target))
                        .build());
        client = WorkflowClient.newInstance(
                service,
                WorkflowClientOptions.newBuilder().setNamespace(namespace).build());
        SearchAttributeRegistration.register(service, namespace);
        ControlPlaneWorker.Options options = ControlPlaneWorker.Options.production();
        factory = WorkerFactory.newInstance(client, options.capacity().factoryOptions());
        ControlPlaneWorker.register(
                factory,
                new ControlPlaneWorker.Activities(
                        new RouteActivitiesImpl(new RoutingRepository(db.database(), new PhoneNumbers("IT"))),
                        new LedgerActivitiesImpl(ledger),
                        new LineActivitiesImpl(client, LineActivitiesImpl.Backoff.DEFAULT, tuning),
                        new LineAuditActivitiesImpl(service, namespace, ledger),
                        liveKit),
                options);
        Worker gpu = factory.newWorker(
                TaskQueues.AGENT_SESSIONS,
                WorkerOptions.newBuilder()
                        .setMaxConcurrentActivityExecutionSize(500)
                        // A hangup reaches a session as the answer to a heartbeat; the SDK's default
                        // throttle (most of the heartbeat timeout) would delay every hangup by seconds.
                        .setMaxHeartbeatThrottleInterval(Duration.ofMillis(100))
                        .setDefaultHeartbeatThrottleInterval(Duration.ofMillis(100))
                        .build());
        gpu.registerActivitiesImplementations(sessions);
        factory.start();
    }

    /** On the JVM's shared server, in real time: what the tests measure is concurrency, not timers. */
    static ControlPlaneHarness realTime() {
        return new ControlPlaneHarness(SharedTemporal.target(), null, b -> b);
    }

    static ControlPlaneHarness realTime(LineTuning tuning) {
        return new ControlPlaneHarness(SharedTemporal.target(), tuning, b -> b);
    }

    /** On a server of the test's own (other server settings), its client built with {@code stubs}. */
    static ControlPlaneHarness on(TemporalDevServer server, UnaryOperator<WorkflowServiceStubsOptions.Builder> stubs) {
        return new ControlPlaneHarness(server.target(), null, stubs);
    }

    /** On a server of the test's own (other server settings), the semaphore tuned by {@code tuning}. */
    static ControlPlaneHarness on(TemporalDevServer server, LineTuning tuning) {
        return new ControlPlaneHarness(server.target(), tuning, b -> b);
    }

    record Tenant(long organizationId, List<Long> numberIds, List<String> phoneNumbers) {}

    /** An organization with its limit, and {@code numbers} numbers with their limit each. */
    Tenant tenant(String slug, int organizationLimit, int numbers, int numberLimit) {
        long organizationId = db.owner()
                .insertInto(ORGANIZATIONS)
                .set(ORGANIZATIONS.SLUG, slug)
                .set(ORGANIZATIONS.NAME, slug)
                .set(ORGANIZATIONS.MAX_CONCURRENT_CALLS, organizationLimit)
                .returningResult(ORGANIZATIONS.ID)
                .fetchSingle()
                .value1();
        List<Long> ids = new ArrayList<>();
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < numbers; i++) {
            String phone = String.format("+3905512%05d", organizationId * 10 + i);
            ids.add(db.owner()
                    .insertInto(SIP_NUMBERS)
                    .set(SIP_NUMBERS.PHONE_NUMBER, phone)
                    .set(SIP_NUMBERS.ORGANIZATION_ID, organizationId)
                    .set(SIP_NUMBERS.MAX_CONCURRENT_CALLS, numberLimit)
                    .returningResult(SIP_NUMBERS.ID)
                    .fetchSingle()
                    .value1());
            phones.add(phone);
        }
        return new Tenant(organizationId, List.copyOf(ids), List.copyOf(phones));
    }

    /** What the webhook starter does on participant_joined: signal-with-start, the join as the signal. */
    CallWorkflow ring(String room, String calledNumber, CallPolicy policy) {
        CallWorkflow call = client.newWorkflowStub(
                CallWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setWorkflowId(WorkflowIds.call(room))
                        .setTaskQueue(TaskQueues.CALLS)
                        .build());
        BatchRequest batch = client.newSignalWithStartRequest();
        batch.add(call::run, new CallRequest(room, policy));
        batch.add(
                call::callerJoined,
                new CallerJoined(
                        calledNumber,
                        "+393331234567",
                        "SCL_" + room,
                        room + "@pbx",
                        "ST_1",
                        "sip_" + room,
                        Instant.now()));
        client.signalWithStart(batch);
        return call;
    }

    static void hangUp(CallWorkflow call) {
        call.hangup(new Hangup(Hangup.HangupSource.PARTICIPANT_LEFT, Instant.now()));
    }

    static CompletableFuture<CallSummary> result(CallWorkflow call) {
        return WorkflowStub.fromTyped(call).getResultAsync(CallSummary.class);
    }

    /** How many workflows of this harness's namespace the visibility query matches. */
    long count(String query) {
        return service.blockingStub()
                .countWorkflowExecutions(CountWorkflowExecutionsRequest.newBuilder()
                        .setNamespace(namespace)
                        .setQuery(query)
                        .build())
                .getCount();
    }

    LineWorkflow lines(long organizationId) {
        return client.newWorkflowStub(LineWorkflow.class, WorkflowIds.lines(organizationId));
    }

    /** The semaphore's state, or an empty one while it does not run. */
    LineState lineState(long organizationId) {
        try {
            return lines(organizationId).state();
        } catch (RuntimeException notRunning) {
            return LineState.empty(organizationId);
        }
    }

    static CallPolicy policy(Duration heartbeatTimeout) {
        CallPolicy defaults = CallPolicy.defaults();
        return new CallPolicy(
                defaults.joinTimeout(),
                defaults.sessionScheduleToStart(),
                heartbeatTimeout,
                defaults.agentAttempts(),
                Duration.ofMillis(200),
                defaults.gpuPool());
    }

    @Override
    public void close() {
        sessions.shutdown();
        factory.shutdownNow();
        factory.awaitTermination(10, TimeUnit.SECONDS);
        service.shutdownNow();
    }
}
