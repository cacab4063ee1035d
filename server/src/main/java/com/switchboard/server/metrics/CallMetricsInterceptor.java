package com.switchboard.server.metrics;

import com.switchboard.server.metrics.CallLedgerReadings.CallRow;
import com.switchboard.workflows.call.CallOutcome;
import com.switchboard.workflows.ledger.AdmitCall;
import com.switchboard.workflows.ledger.CloseCall;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts calls where the ledger records them: when the admit step has written a call's
 * active_calls row, and when the close step has closed its calls row. The ledger's rows are the
 * source of the figures (organization, join and answer times, the outcome that stuck), so every
 * replica counts exactly the calls its own workers closed, and a close that found the call already
 * closed counts nothing.
 *
 * <p>Metrics never fail a call: a reading that goes wrong is logged and skipped.
 */
final class CallMetricsInterceptor extends WorkerInterceptorBase {
    private static final Logger log = LoggerFactory.getLogger(CallMetricsInterceptor.class);

    private final CallLedgerReadings ledger;
    private final CallMetrics metrics;

    CallMetricsInterceptor(CallLedgerReadings ledger, CallMetrics metrics) {
        this.ledger = ledger;
        this.metrics = metrics;
    }

    @Override
    public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
        return new ActivityInboundCallsInterceptorBase(next) {
            @Override
            public ActivityOutput execute(ActivityInput input) {
                Object request = input.getArguments().length == 1 ? input.getArguments()[0] : null;
                return switch (request) {
                    case AdmitCall admit -> {
                        ActivityOutput output = super.execute(input);
                        recordAdmission(admit);
                        yield output;
                    }
                    case CloseCall close -> {
                        boolean wasOpen = read(close.callWorkflowId())
                                .map(row -> row.outcome() == null)
                                .orElse(false);
                        ActivityOutput output = super.execute(input);
                        if (wasOpen) {
                            recordClose(close);
                        }
                        yield output;
                    }
                    case null, default -> super.execute(input);
                };
            }
        };
    }

    private void recordAdmission(AdmitCall admit) {
        try {
            Duration sinceJoined = read(admit.callWorkflowId())
                    .map(row -> between(row.startedAt(), admit.admittedAt()))
                    .orElse(null);
            metrics.admitted(admit.organizationId(), sinceJoined);
        } catch (RuntimeException e) {
            log.warn("admission of {} not counted: {}", admit.callWorkflowId(), e.toString());
        }
    }

    private void recordClose(CloseCall close) {
        try {
            read(close.callWorkflowId())
                    .filter(row -> row.outcome() != null)
                    .ifPresent(row -> metrics.closed(
                            row.organizationId(),
                            CallOutcome.valueOf(row.outcome().toUpperCase(Locale.ROOT)),
                            between(row.startedAt(), row.answeredAt())));
        } catch (RuntimeException e) {
            log.warn("end of {} not counted: {}", close.callWorkflowId(), e.toString());
        }
    }

    private Optional<CallRow> read(String workflowId) {
        try {
            return ledger.call(workflowId);
        } catch (RuntimeException e) {
            log.warn("could not read the calls row of {} for metrics: {}", workflowId, e.toString());
            return Optional.empty();
        }
    }

    private static Duration between(Instant from, Instant to) {
        return from == null || to == null ? null : Duration.between(from, to);
    }
}
