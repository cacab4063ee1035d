package com.switchboard.workflows.session;

import java.time.Instant;

/**
 * How an agent session ended.
 *
 * @param answeredAt when the agent joined and LiveKit answered the INVITE, null if it never did
 * @param gpuHost the worker identity that held the session
 */
public record SessionResult(
        SessionEndReason reason, Instant answeredAt, Instant endedAt, String gpuHost, int ticketsCreated) {}
