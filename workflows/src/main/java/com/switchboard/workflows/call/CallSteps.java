package com.switchboard.workflows.call;

import com.switchboard.workflows.ControlPlaneWorkflows;
import com.switchboard.workflows.ControlPlaneWorkflows.StepMode;
import com.switchboard.workflows.ledger.LedgerActivities;
import com.switchboard.workflows.lines.LineActivities;
import com.switchboard.workflows.livekit.LiveKitActivities;
import com.switchboard.workflows.route.RouteActivities;
import io.temporal.workflow.Workflow;

/**
 * The control-plane activity stubs of one call: a setup flavour for the ringing path (bounded
 * retries) and a cleanup flavour for the end (retried until done). Route and ledger follow
 * {@link StepMode}; the line semaphore and LiveKit are always regular activities, because they wait
 * on other services and should be visible as pending activities in Temporal UI.
 */
record CallSteps(
        RouteActivities route,
        LedgerActivities ledger,
        LedgerActivities ledgerCleanup,
        LineActivities lines,
        LineActivities linesCleanup,
        LiveKitActivities liveKit,
        LiveKitActivities liveKitCleanup) {

    static CallSteps create(StepMode mode) {
        LineActivities lines = Workflow.newActivityStub(LineActivities.class, ControlPlaneWorkflows.SETUP);
        LineActivities linesCleanup = Workflow.newActivityStub(LineActivities.class, ControlPlaneWorkflows.CLEANUP);
        LiveKitActivities liveKit = Workflow.newActivityStub(LiveKitActivities.class, ControlPlaneWorkflows.SETUP);
        LiveKitActivities liveKitCleanup =
                Workflow.newActivityStub(LiveKitActivities.class, ControlPlaneWorkflows.CLEANUP);
        return switch (mode) {
            case REMOTE ->
                new CallSteps(
                        Workflow.newActivityStub(RouteActivities.class, ControlPlaneWorkflows.SETUP),
                        Workflow.newActivityStub(LedgerActivities.class, ControlPlaneWorkflows.SETUP),
                        Workflow.newActivityStub(LedgerActivities.class, ControlPlaneWorkflows.CLEANUP),
                        lines,
                        linesCleanup,
                        liveKit,
                        liveKitCleanup);
            case LOCAL ->
                new CallSteps(
                        Workflow.newLocalActivityStub(RouteActivities.class, ControlPlaneWorkflows.SETUP_LOCAL),
                        Workflow.newLocalActivityStub(LedgerActivities.class, ControlPlaneWorkflows.SETUP_LOCAL),
                        Workflow.newLocalActivityStub(LedgerActivities.class, ControlPlaneWorkflows.CLEANUP_LOCAL),
                        lines,
                        linesCleanup,
                        liveKit,
                        liveKitCleanup);
        };
    }
}
