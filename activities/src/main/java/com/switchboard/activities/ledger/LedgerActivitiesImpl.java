package com.switchboard.activities.ledger;

import com.switchboard.workflows.ledger.AdmitCall;
import com.switchboard.workflows.ledger.CloseCall;
import com.switchboard.workflows.ledger.LedgerActivities;
import com.switchboard.workflows.ledger.OpenCall;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The ledger activities: thin adapters over {@link LedgerRepository}, each safe to retry. */
public final class LedgerActivitiesImpl implements LedgerActivities {
    /** ApplicationFailure type of an admission for a call whose calls row was never opened. */
    public static final String CALL_NOT_OPENED = "CallNotOpened";

    private static final Logger log = LoggerFactory.getLogger(LedgerActivitiesImpl.class);

    private final LedgerRepository ledger;

    public LedgerActivitiesImpl(LedgerRepository ledger) {
        this.ledger = ledger;
    }

    @Override
    public long openCall(OpenCall request) {
        return ledger.open(request);
    }

    @Override
    public void admitCall(AdmitCall request) {
        switch (ledger.admit(request)) {
            case ADMITTED -> {}
            case ALREADY_CLOSED -> log.info("{} is closed already; not admitted again", request.callWorkflowId());
            // A workflow bug (admission before openCall): retrying cannot fix it.
            case NOT_OPENED ->
                throw ApplicationFailure.newNonRetryableFailure(
                        "no calls row for " + request.callWorkflowId() + ": openCall must come first", CALL_NOT_OPENED);
        }
    }

    @Override
    public void closeCall(CloseCall request) {
        if (!ledger.close(request)) {
            log.debug("{} was closed already (or never opened); first outcome kept", request.callWorkflowId());
        }
    }
}
