/**
 * LiveKit's webhooks in: the signature and body hash are verified, duplicates dropped by event id,
 * and each event of a call room becomes a signal-with-start of that room's {@code CallWorkflow},
 * so webhook order and repetition do not matter.
 */
package com.switchboard.server.webhook;
