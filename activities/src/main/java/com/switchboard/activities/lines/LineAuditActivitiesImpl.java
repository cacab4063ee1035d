package com.switchboard.activities.lines;

import com.switchboard.workflows.lines.ClosedHolders;
import com.switchboard.workflows.lines.HolderAudit;
import com.switchboard.workflows.lines.LineAuditActivities;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.ArrayList;
import java.util.List;

/**
 * Tells a LineWorkflow which of its holders' call workflows are closed, so that a call that was
 * terminated (and so never released its line) cannot keep it forever.
 */
public final class LineAuditActivitiesImpl implements LineAuditActivities {
    private final WorkflowServiceStubs service;
    private final String namespace;

    public LineAuditActivitiesImpl(WorkflowServiceStubs service, String namespace) {
        this.service = service;
        this.namespace = namespace;
    }

    @Override
    public ClosedHolders findClosed(HolderAudit audit) {
        List<String> closed = new ArrayList<>();
        for (String callWorkflowId : audit.callWorkflowIds()) {
            if (isClosed(callWorkflowId)) {
                closed.add(callWorkflowId);
            }
        }
        return new ClosedHolders(closed);
    }

    private boolean isClosed(String callWorkflowId) {
        try {
            WorkflowExecutionStatus status = service.blockingStub()
                    .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace(namespace)
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(callWorkflowId))
                            .build())
                    .getWorkflowExecutionInfo()
                    .getStatus();
            return status != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                // Gone from the service (retention passed): certainly not holding a line.
                return true;
            }
            // Anything else is the service's trouble, not an answer: fail so the audit retries.
            throw e;
        }
    }
}
