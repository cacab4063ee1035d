package com.switchboard.workflows.lines;

import io.temporal.workflow.Workflow;
import java.time.Duration;

/**
 * The clock of a LineWorkflow. The defaults serve production; a different tuning travels in the
 * workflow's memo under {@link #MEMO_KEY} (tests use it to force continue-as-new), so that it is part
 * of the history and replays the same way.
 *
 * @param auditInterval how often, while lines are held, holders whose call workflow closed are dropped
 * @param idleTimeout how long without holders and requests before the workflow ends itself (a later
 *     acquire starts it again through update-with-start)
 * @param historyLengthLimit continue-as-new after this many events even if the server does not
 *     suggest it (the real server suggests it as a run nears its history or update limits, 2,000
 *     updates per run by default; the Java test server, of unit tests and the embedded fallback,
 *     never does)
 */
public record LineTuning(Duration auditInterval, Duration idleTimeout, int historyLengthLimit) {
    public static final String MEMO_KEY = "lineTuning";

    public static final LineTuning DEFAULTS = new LineTuning(Duration.ofSeconds(60), Duration.ofHours(1), 5_000);

    public LineTuning {
        if (auditInterval == null || auditInterval.isNegative() || auditInterval.isZero()) {
            throw new IllegalArgumentException("auditInterval must be positive");
        }
        if (idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idleTimeout must be positive");
        }
        if (historyLengthLimit < 1) {
            throw new IllegalArgumentException("historyLengthLimit must be positive");
        }
    }

    /** The tuning in the current workflow's memo, or null when it has none. */
    static LineTuning fromMemo() {
        return Workflow.getMemo(MEMO_KEY, LineTuning.class, LineTuning.class);
    }
}
