package com.switchboard.gpu.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.switchboard.workflows.route.AgentConfig;
import com.switchboard.workflows.session.SessionRequest;
import java.time.Instant;

/**
 * The job metadata the agent receives with its dispatch (JSON): the merged agent config and the
 * call's facts, so the agent needs no lookup of its own. {@code gpuHost} names the worker and
 * device that admitted the session; an agent fleet that runs one agent worker per GPU host uses it
 * (or the host suffix of the agent name, see {@link SessionSettings#agentNameSuffix()}) to run the
 * job where the slot was reserved. The agent may report tickets it created through its participant
 * attribute {@code switchboard.ticketsCreated}. {@code activityId} and {@code attempt} identify the
 * session attempt that made the dispatch, so a later attempt can withdraw what an earlier one left.
 */
record DispatchMetadata(AgentConfig config, Call call, String gpuHost, String activityId, int attempt) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // A newer worker may add fields; an older one must still recognise the dispatch.
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    record Call(
            String callWorkflowId,
            String roomName,
            long organizationId,
            long numberId,
            String calledNumber,
            String callerNumber,
            String callerIdentity,
            Instant admittedAt) {}

    static DispatchMetadata of(SessionRequest request, String gpuHost, String activityId, int attempt) {
        return new DispatchMetadata(
                request.config(),
                new Call(
                        request.callWorkflowId(),
                        request.roomName(),
                        request.organizationId(),
                        request.numberId(),
                        request.calledNumber(),
                        request.callerNumber(),
                        request.callerIdentity(),
                        request.admittedAt()),
                gpuHost,
                activityId,
                attempt);
    }

    /** Whether this dispatch was made for the same call by another session attempt than the given one. */
    boolean isEarlierAttemptOf(String callWorkflowId, String otherActivityId, int otherAttempt) {
        return callWorkflowId.equals(call.callWorkflowId())
                && !(otherActivityId.equals(activityId) && otherAttempt == attempt);
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("dispatch metadata cannot be written as JSON", e);
        }
    }

    /** The metadata of a dispatch, or null when it is not ours (another writer, not JSON). */
    static DispatchMetadata parse(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        try {
            DispatchMetadata metadata = JSON.readValue(json, DispatchMetadata.class);
            return metadata.call() == null || metadata.call().callWorkflowId() == null ? null : metadata;
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
