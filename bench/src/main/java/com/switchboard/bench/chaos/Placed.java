package com.switchboard.bench.chaos;

import java.time.Instant;

/**
 * One placed call and what the soak did to it.
 *
 * @param organizationId -1 for a call to a number nobody owns
 * @param mediaStoppedAt when the soak stopped the caller's audio (a ghost), else null
 */
record Placed(
        String room, Script script, long organizationId, long numberId, Instant placedAt, Instant mediaStoppedAt) {}
