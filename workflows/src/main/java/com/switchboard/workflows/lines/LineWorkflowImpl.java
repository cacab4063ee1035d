package com.switchboard.workflows.lines;

import com.switchboard.workflows.ControlPlaneWorkflows;
import com.switchboard.workflows.TaskQueues;
import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.ContinueAsNewOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInfo;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;

/**
 * The per-organization line semaphore.
 *
 * <p>Acquire is an Update because the calling workflow needs the answer (granted, or which limit is
 * full) before it admits or rejects a ringing caller, and because an Update can be validated and
 * refused before it enters history. The handler answers at once and never blocks, so callers never
 * queue inside the semaphore and no handler is ever unfinished when the workflow continues-as-new.
 * Release is a Signal: nobody waits on its answer, a signal is durable once accepted, and signals do
 * not count against the server's limit of in-flight updates, which a burst of acquires may already
 * use up.
 *
 * <p>The loop in {@link #run} only keeps house: it audits holders while there are any (so that a
 * terminated call workflow can never leak a line), continues-as-new when the history grows, and ends
 * the workflow after a long idle time without holders or requests.
 */
public class LineWorkflowImpl implements LineWorkflow {
    private static final Logger log = Workflow.getLogger(LineWorkflowImpl.class);

    private final Lines lines;
    /** Null unless the memo carries one; then it is carried across continue-as-new. */
    private final LineTuning memoTuning;

    private final LineTuning tuning;
    private final LineAuditActivities audit =
            Workflow.newActivityStub(LineAuditActivities.class, ControlPlaneWorkflows.AUDIT);
    private long lastRequestAt;

    /** Builds the state before any handler runs: an update may arrive with the very first task. */
    @WorkflowInit
    public LineWorkflowImpl(LineState state) {
        this.lines = new Lines(state);
        this.memoTuning = LineTuning.fromMemo();
        this.tuning = memoTuning != null ? memoTuning : LineTuning.DEFAULTS;
        this.lastRequestAt = Workflow.currentTimeMillis();
    }

    @Override
    public void run(LineState state) {
        while (true) {
            if (shouldContinueAsNew()) {
                continueAsNew();
            }
            if (lines.isEmpty()) {
                long idleLeft = lastRequestAt + tuning.idleTimeout().toMillis() - Workflow.currentTimeMillis();
                if (idleLeft <= 0) {
                    Workflow.await(Workflow::isEveryHandlerFinished);
                    log.info("no lines held for {}, ending until the next call", tuning.idleTimeout());
                    return;
                }
                Workflow.await(Duration.ofMillis(idleLeft), () -> !lines.isEmpty() || shouldContinueAsNew());
            } else {
                boolean woken = Workflow.await(tuning.auditInterval(), () -> lines.isEmpty() || shouldContinueAsNew());
                if (!woken) {
                    auditHolders();
                }
            }
        }
    }

    @Override
    public LineDecision acquire(AcquireLine request) {
        lastRequestAt = Workflow.currentTimeMillis();
        LineDecision decision = lines.acquire(request, Instant.ofEpochMilli(lastRequestAt));
        log.debug("{} on number {}: {}", request.callWorkflowId(), request.numberId(), decision);
        return decision;
    }

    @Override
    public void validateAcquire(AcquireLine request) {
        if (request == null) {
            throw new IllegalArgumentException("acquire needs a request");
        }
        if (request.callWorkflowId() == null || request.callWorkflowId().isBlank()) {
            throw new IllegalArgumentException("acquire needs the call workflow id");
        }
        if (request.organizationId() != lines.organizationId()) {
            throw new IllegalArgumentException("organization " + request.organizationId()
                    + " asked the line workflow of organization " + lines.organizationId());
        }
        if (request.numberLimit() < 0 || request.organizationLimit() < 0) {
            throw new IllegalArgumentException("limits cannot be negative");
        }
    }

    @Override
    public void release(ReleaseLine request) {
        lastRequestAt = Workflow.currentTimeMillis();
        if (request.organizationId() != lines.organizationId()) {
            // Call ids are unique, so the release still names the right holder; say it was misrouted.
            log.warn(
                    "release of {} for organization {} reached organization {}",
                    request.callWorkflowId(),
                    request.organizationId(),
                    lines.organizationId());
        }
        lines.release(request.callWorkflowId());
    }

    @Override
    public LineState state() {
        return lines.snapshot();
    }

    private void auditHolders() {
        try {
            ClosedHolders closed = audit.findClosed(new HolderAudit(lines.holderIds()));
            int dropped = lines.drop(closed.callWorkflowIds());
            if (dropped > 0) {
                log.warn("dropped {} lines held by closed calls: {}", dropped, closed.callWorkflowIds());
            }
        } catch (ActivityFailure failure) {
            log.warn("holder audit failed, trying again at the next tick", failure);
        }
    }

    private boolean shouldContinueAsNew() {
        WorkflowInfo info = Workflow.getInfo();
        return info.isContinueAsNewSuggested() || info.getHistoryLength() > tuning.historyLengthLimit();
    }

    private void continueAsNew() {
        // Handlers never block, so this returns at once; it guards future handlers that might.
        Workflow.await(Workflow::isEveryHandlerFinished);
        // A semaphore started on the calls queue, before semaphores had their own, moves there now.
        ContinueAsNewOptions.Builder options = ContinueAsNewOptions.newBuilder().setTaskQueue(TaskQueues.LINES);
        if (memoTuning != null) {
            options.setMemo(Map.of(LineTuning.MEMO_KEY, memoTuning));
        }
        Workflow.continueAsNew(options.build(), lines.snapshot());
    }
}
