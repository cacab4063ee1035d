package com.switchboard.activities.lines;

import com.switchboard.activities.ledger.LedgerRepository;
import com.switchboard.workflows.call.CallOutcome;
import com.switchboard.workflows.call.EndReason;
import com.switchboard.workflows.ledger.CloseCall;
import com.switchboard.workflows.lines.ClosedHolders;
import com.switchboard.workflows.lines.HolderAudit;
import com.switchboard.workflows.lines.LineAuditActivities;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a LineWorkflow which of its holders' call workflows are closed, so that a call that was
 * terminated (and so never released its line) cannot keep it forever. Such a call never closed its
 * ledger either: the audit closes it (outcome failed), so that its active_calls row goes with the
 * line. A call that ended normally closed its ledger itself, and closing again changes nothing.
 */
public final class LineAuditActivitiesImpl implements LineAuditActivities {
    private static final Logger log = LoggerFactory.getLogger(LineAuditActivitiesImpl.class);

    private final WorkflowServiceStubs service;
    private final String namespace;
    private final LedgerRepository ledger;

    public LineAuditActivitiesImpl(WorkflowServiceStubs service, String namespace, LedgerRepository ledger) {
        this.service = service;
        this.namespace = namespace;
        this.ledger = ledger;
    }

    @Override
    public ClosedHolders findClosed(HolderAudit audit) {
        List<String> closed = new ArrayList<>();
        for (String callWorkflowId : audit.callWorkflowIds()) {
            String closedAs = closedAs(callWorkflowId);
            if (closedAs != null) {
                closed.add(callWorkflowId);
                if (ledger.close(new CloseCall(
                        callWorkflowId,
                        CallOutcome.FAILED,
                        new EndReason.WorkflowClosed(closedAs),
                        null,
                        Instant.now(),
                        null,
                        0))) {
                    log.warn("{} ended without closing its ledger ({}); closed it as failed", callWorkflowId, closedAs);
                }
            }
        }
        return new ClosedHolders(closed);
    }

    /** How the call workflow closed (terminated, timed_out, ...), or null while it runs. */
    private String closedAs(String callWorkflowId) {
        try {
            WorkflowExecutionStatus status = service.blockingStub()
                    .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace(namespace)
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(callWorkflowId))
                            .build())
                    .getWorkflowExecutionInfo()
                    .getStatus();
            if (status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
                return null;
            }
            return status.name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase(Locale.ROOT);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                // Gone from the service (retention passed): certainly not holding a line.
                return "not_found";
            }
            // Anything else is the service's trouble, not an answer: fail so the audit retries.
            throw e;
        }
    }
}
