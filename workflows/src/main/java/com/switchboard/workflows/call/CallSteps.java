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
 * retries) and a cleanup flavour for the end (retried until done), regular or local by {@link
 * StepMode}. Local steps leave no pending activity in Temporal UI while they run; the call's {@code
 * status} query names the phase it is in, and a finished step is a marker in its history.
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
        boolean localDatabaseSteps = mode != StepMode.REMOTE;
        boolean localServiceSteps = mode == StepMode.ALL_LOCAL;
        return new CallSteps(
                stub(RouteActivities.class, localDatabaseSteps, true),
                stub(LedgerActivities.class, localDatabaseSteps, true),
                stub(LedgerActivities.class, localDatabaseSteps, false),
                stub(LineActivities.class, localServiceSteps, true),
                stub(LineActivities.class, localServiceSteps, false),
                stub(LiveKitActivities.class, localServiceSteps, true),
                stub(LiveKitActivities.class, localServiceSteps, false));
    }

    /** A setup (bounded retries) or cleanup (retried until done) stub, local or regular. */
    private static <T> T stub(Class<T> activities, boolean local, boolean setup) {
        if (local) {
            return Workflow.newLocalActivityStub(
                    activities, setup ? ControlPlaneWorkflows.SETUP_LOCAL : ControlPlaneWorkflows.CLEANUP_LOCAL);
        }
        return Workflow.newActivityStub(
                activities, setup ? ControlPlaneWorkflows.SETUP : ControlPlaneWorkflows.CLEANUP);
    }
}
