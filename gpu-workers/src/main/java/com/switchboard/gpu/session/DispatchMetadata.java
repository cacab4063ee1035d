package com.switchboard.gpu.session;

import com.fasterxml.jackson.core.JsonProcessingException;
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
 * attribute {@code switchboard.ticketsCreated}.
 */
record DispatchMetadata(AgentConfig config, Call call, String gpuHost, int attempt) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    record Call(
            String callWorkflowId,
            String roomName,
            long organizationId,
            long numberId,
            String calledNumber,
            String callerNumber,
            String callerIdentity,
            Instant admittedAt) {}

    static DispatchMetadata of(SessionRequest request, String gpuHost, int attempt) {
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
                attempt);
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
            return JSON.readValue(json, DispatchMetadata.class);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}
