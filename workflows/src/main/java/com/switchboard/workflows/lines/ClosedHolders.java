package com.switchboard.workflows.lines;

import java.util.List;

/** Those of the audited call workflows that are closed (completed, failed, terminated, timed out). */
public record ClosedHolders(List<String> callWorkflowIds) {
    public ClosedHolders {
        callWorkflowIds = List.copyOf(callWorkflowIds);
    }
}
