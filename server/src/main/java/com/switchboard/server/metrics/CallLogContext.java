package com.switchboard.server.metrics;

import io.temporal.api.common.v1.Payload;
import io.temporal.common.context.ContextPropagator;
import io.temporal.common.converter.DefaultDataConverter;
import java.util.Map;
import org.slf4j.MDC;

/**
 * The organization of a call in the logging context (MDC key {@value #ORGANIZATION}), carried from
 * the workflow to its activities in Temporal headers. The call itself needs no help: the SDK puts
 * {@value #WORKFLOW_ID} (call-&lt;room&gt;) into the MDC of workflow and activity threads.
 *
 * <p>A header rather than the activity's input: several steps (route, close) carry no organization,
 * yet their lines belong to the call's organization as much as the others'.
 */
final class CallLogContext implements ContextPropagator {
    static final String ORGANIZATION = "organizationId";
    static final String WORKFLOW_ID = "WorkflowId";

    private static final String HEADER = "switchboard-organization";

    @Override
    public String getName() {
        return HEADER;
    }

    @Override
    public Object getCurrentContext() {
        return MDC.get(ORGANIZATION);
    }

    @Override
    public void setCurrentContext(Object context) {
        // Called before every activity and workflow task: clearing matters, threads are pooled.
        put(context instanceof String organization ? organization : null);
    }

    @Override
    public Map<String, Payload> serializeContext(Object context) {
        if (!(context instanceof String organization)) {
            return Map.of();
        }
        return DefaultDataConverter.STANDARD_INSTANCE
                .toPayload(organization)
                .map(payload -> Map.of(HEADER, payload))
                .orElse(Map.of());
    }

    @Override
    public Object deserializeContext(Map<String, Payload> header) {
        Payload payload = header.get(HEADER);
        return payload == null
                ? null
                : DefaultDataConverter.STANDARD_INSTANCE.fromPayload(payload, String.class, String.class);
    }

    /** Sets (or with null, clears) the organization of the current thread's log lines. */
    static void put(String organization) {
        if (organization == null || organization.isBlank()) {
            MDC.remove(ORGANIZATION);
        } else {
            MDC.put(ORGANIZATION, organization);
        }
    }
}
