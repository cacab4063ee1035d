package com.switchboard.workflows.ledger;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

/** The call ledger in PostgreSQL: live calls (active_calls) and the history (calls). */
@ActivityInterface
public interface LedgerActivities {
    /** Returns the calls row id. */
    @ActivityMethod
    long openCall(OpenCall request);

    @ActivityMethod
    void admitCall(AdmitCall request);

    @ActivityMethod
    void closeCall(CloseCall request);
}
