package com.switchboard.livekit.simulator;

import java.time.Instant;

/** An explicit agent dispatch the simulator received (CreateDispatch). */
public record Dispatch(String id, String roomName, String agentName, String metadata, Instant createdAt) {}
