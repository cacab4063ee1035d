package com.switchboard.activities.lines;

import com.switchboard.workflows.TaskQueues;
import com.switchboard.workflows.WorkflowIds;
import com.switchboard.workflows.lines.AcquireLine;
import com.switchboard.workflows.lines.LineActivities;
import com.switchboard.workflows.lines.LineDecision;
import com.switchboard.workflows.lines.LineState;
import com.switchboard.workflows.lines.LineTuning;
import com.switchboard.workflows.lines.LineWorkflow;
import com.switchboard.workflows.lines.ReleaseLine;
import io.temporal.activity.Activity;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reaches an organization's {@link LineWorkflow} from a call: acquire by update-with-start (the
 * semaphore is started when it does not run, e.g. after it exited idle), release by signal.
 *
 * <p>A burst of calls to one organization can exceed the server's limit of in-flight updates per
 * workflow (10 by default; RESOURCE_EXHAUSTED). Such refusals, and any other transient failure of
 * the service, are retried here with jittered exponential backoff, so that a burst turns into a
 * short queue instead of failed calls. Only when the retry budget is spent does the activity fail,
 * and then retryably, so that its retry policy keeps going.
 */
public final class LineActivitiesImpl implements LineActivities {
    /** ApplicationFailure type: the semaphore refused the request as invalid (its validator). */
    public static final String ACQUIRE_REJECTED = "LineAcquireRejected";

    /** ApplicationFailure type: the semaphore stayed unreachable for the whole retry budget. */
    public static final String SEMAPHORE_UNAVAILABLE = "LineSemaphoreUnavailable";

    private static final Logger log = LoggerFactory.getLogger(LineActivitiesImpl.class);

    private final WorkflowClient client;
    private final Backoff backoff;
    private final LineTuning tuning;

    public LineActivitiesImpl(WorkflowClient client) {
        this(client, Backoff.DEFAULT, null);
    }

    /**
     * @param tuning the semaphore's clock, put in the memo of semaphores this starts; null for the
     *     workflow's defaults
     */
    public LineActivitiesImpl(WorkflowClient client, Backoff backoff, LineTuning tuning) {
        this.client = client;
        this.backoff = backoff;
        this.tuning = tuning;
    }

    /**
     * How acquire retries refusals.
     *
     * @param initial the first pause's upper bound
     * @param max the largest pause's upper bound
     * @param budget after this long the activity gives up (retryably)
     */
    public record Backoff(Duration initial, Duration max, Duration budget) {
        public static final Backoff DEFAULT =
                new Backoff(Duration.ofMillis(20), Duration.ofSeconds(1), Duration.ofSeconds(20));

        /** A full-jitter pause for the given attempt (0-based): uniform in [0, min(max, initial * 2^attempt)]. */
        Duration pause(int attempt) {
            long cap = Math.min(max.toMillis(), initial.toMillis() << Math.min(attempt, 20));
            return Duration.ofMillis(ThreadLocalRandom.current().nextLong(cap + 1));
        }
    }

    @Override
    public LineDecision acquire(AcquireLine request) {
        long deadline = System.nanoTime() + budget().toNanos();
        for (int attempt = 0; ; attempt++) {
            try {
                return updateWithStart(request);
            } catch (WorkflowUpdateException e) {
                if (e.getCause() instanceof ApplicationFailure failure) {
                    // The validator (or the handler) refused this very request; retrying changes nothing.
                    throw ApplicationFailure.newNonRetryableFailureWithCause(
                            "line request refused: " + failure.getOriginalMessage(), ACQUIRE_REJECTED, e);
                }
                retryOrGiveUp(request, attempt, deadline, e);
            } catch (RuntimeException e) {
                // RESOURCE_EXHAUSTED (in-flight update limit), the semaphore completing between our
                // start and our update, an unavailable frontend: all transient for a caller.
                retryOrGiveUp(request, attempt, deadline, e);
            }
        }
    }

    /**
     * The configured budget, cut to most of the attempt's start-to-close timeout when running as an
     * activity: better to fail the attempt retryably ourselves than to be timed out mid-request.
     */
    private Duration budget() {
        Duration budget = backoff.budget();
        try {
            Duration startToClose = Activity.getExecutionContext().getInfo().getStartToCloseTimeout();
            if (!startToClose.isZero()
                    && startToClose.multipliedBy(4).dividedBy(5).compareTo(budget) < 0) {
                budget = startToClose.multipliedBy(4).dividedBy(5);
            }
        } catch (IllegalStateException notAnActivity) {
            // Called directly (the benchmark): the configured budget applies.
        }
        return budget;
    }

    private LineDecision updateWithStart(AcquireLine request) {
        WorkflowOptions.Builder options = WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.lines(request.organizationId()))
                .setTaskQueue(TaskQueues.LINES)
                // The semaphore of an organization is one long-lived workflow: join it.
                .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING);
        if (tuning != null) {
            options.setMemo(Map.of(LineTuning.MEMO_KEY, tuning));
        }
        LineWorkflow semaphore = client.newWorkflowStub(LineWorkflow.class, options.build());
        // A start operation may be used once; a retry builds a new one.
        WithStartWorkflowOperation<Void> start =
                new WithStartWorkflowOperation<>(semaphore::run, LineState.empty(request.organizationId()));
        return WorkflowClient.executeUpdateWithStart(
                semaphore::acquire,
                request,
                UpdateOptions.<LineDecision>newBuilder()
                        .setWaitForStage(WorkflowUpdateStage.COMPLETED)
                        .build(),
                start);
    }

    private void retryOrGiveUp(AcquireLine request, int attempt, long deadline, RuntimeException cause) {
        Duration pause = backoff.pause(attempt);
        if (System.nanoTime() + pause.toNanos() > deadline) {
            throw ApplicationFailure.newFailureWithCause(
                    "line semaphore of organization " + request.organizationId() + " unreachable after " + (attempt + 1)
                            + " attempts",
                    SEMAPHORE_UNAVAILABLE,
                    cause);
        }
        if (attempt == 0 || attempt % 10 == 9) {
            log.debug(
                    "acquire for {} refused (attempt {}), retrying: {}",
                    request.callWorkflowId(),
                    attempt + 1,
                    cause.toString());
        }
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApplicationFailure.newFailureWithCause(
                    "interrupted while retrying acquire", SEMAPHORE_UNAVAILABLE, e);
        }
    }

    @Override
    public void release(ReleaseLine request) {
        LineWorkflow semaphore =
                client.newWorkflowStub(LineWorkflow.class, WorkflowIds.lines(request.organizationId()));
        try {
            semaphore.release(request);
        } catch (WorkflowNotFoundException e) {
            // No running semaphore holds anything: the line is free already.
            log.debug("no running line semaphore for organization {}; nothing to release", request.organizationId());
        }
    }
}
