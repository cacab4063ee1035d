package com.switchboard.workflows.lines;

import java.util.List;

/** The call workflow ids a LineWorkflow holds lines for, to be checked against Temporal. */
public record HolderAudit(List<String> callWorkflowIds) {
    public HolderAudit {
        callWorkflowIds = List.copyOf(callWorkflowIds);
    }
}
