package com.switchboard.workflows;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/** Custom search attributes operators filter calls by in Temporal UI. */
public final class CallSearchAttributes {
    public static final SearchAttributeKey<Long> ORGANIZATION_ID = SearchAttributeKey.forLong("OrganizationId");
    public static final SearchAttributeKey<String> CALLED_NUMBER = SearchAttributeKey.forKeyword("CalledNumber");
    public static final SearchAttributeKey<String> CALLER_NUMBER = SearchAttributeKey.forKeyword("CallerNumber");
    public static final SearchAttributeKey<String> CALL_OUTCOME = SearchAttributeKey.forKeyword("CallOutcome");

    /** All of them, for registration with the operator service. */
    public static final List<SearchAttributeKey<?>> ALL =
            List.of(ORGANIZATION_ID, CALLED_NUMBER, CALLER_NUMBER, CALL_OUTCOME);

    private CallSearchAttributes() {}
}
