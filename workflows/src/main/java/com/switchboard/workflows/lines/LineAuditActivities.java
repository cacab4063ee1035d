package com.switchboard.workflows.lines;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/**
 * Lets a LineWorkflow find holders whose call workflow is closed (terminated by an operator, say)
 * so that no line leaks. Workflow code cannot ask Temporal itself, an activity can.
 */
@ActivityInterface
public interface LineAuditActivities {
    @ActivityMethod
    ClosedHolders findClosed(HolderAudit audit);
}
