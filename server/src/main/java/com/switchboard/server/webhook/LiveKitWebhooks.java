package com.switchboard.server.webhook;

import com.google.protobuf.InvalidProtocolBufferException;
import com.switchboard.activities.db.Actor;
import com.switchboard.activities.db.Database;
import com.switchboard.server.livekit.LiveKitProperties;
import io.grpc.StatusRuntimeException;
import io.livekit.server.WebhookReceiver;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import java.time.Instant;
import java.util.Optional;
import livekit.LivekitWebhook.WebhookEvent;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * Verifies a LiveKit webhook and hands it to its call. The event id is recorded in the same
 * transaction that hands it over: when Temporal (or the database) fails, the transaction rolls back,
 * the id stays unrecorded and LiveKit's retry gets another chance; a concurrent duplicate waits on
 * the id's row and then finds it recorded.
 */
@Service
class LiveKitWebhooks {
    private static final Logger log = LoggerFactory.getLogger(LiveKitWebhooks.class);

    private final WebhookReceiver receiver;
    private final Database database;
    private final WebhookEventLog eventLog;
    private final CallStarter calls;
    private final LiveKitProperties properties;

    LiveKitWebhooks(
            WebhookReceiver receiver,
            Database database,
            WebhookEventLog eventLog,
            CallStarter calls,
            LiveKitProperties properties) {
        this.receiver = receiver;
        this.database = database;
        this.eventLog = eventLog;
        this.calls = calls;
        this.properties = properties;
    }

    WebhookOutcome receive(String body, String authorization) {
        WebhookEvent event;
        try {
            event = receiver.receive(body, authorization);
        } catch (Exception e) {
            // The SDK verifies the token first and parses the body only then: a parse failure means
            // the signature was good.
            if (e instanceof InvalidProtocolBufferException) {
                return new WebhookOutcome.Malformed("not a webhook event: " + e.getMessage());
            }
            log.debug("webhook refused: {}", e.toString());
            return new WebhookOutcome.Unauthorized("signature not accepted");
        }
        if (event.getId().isBlank() || event.getEvent().isBlank()) {
            return new WebhookOutcome.Malformed("event without id or type");
        }
        Optional<CallSignal> signal = CallEvents.from(event, properties.roomPrefix());
        if (signal.isEmpty()) {
            return new WebhookOutcome.Ignored(event.getEvent());
        }
        try {
            return database.transactionResult(Actor.SYSTEM, tx -> {
                if (!eventLog.firstSighting(tx, event)) {
                    return new WebhookOutcome.Duplicate(event.getId());
                }
                try {
                    return new WebhookOutcome.Delivered(calls.signal(signal.get()), event.getEvent());
                } catch (WorkflowExecutionAlreadyStarted e) {
                    return new WebhookOutcome.CallOver(e.getExecution().getWorkflowId());
                }
            });
        } catch (WorkflowException | StatusRuntimeException e) {
            log.warn(
                    "Temporal did not take webhook {} {} of room {}: {}",
                    event.getId(),
                    event.getEvent(),
                    event.getRoom().getName(),
                    e.toString());
            return new WebhookOutcome.Unavailable("workflow service unavailable");
        } catch (DataAccessException e) {
            log.warn("database did not take webhook {}: {}", event.getId(), e.toString());
            return new WebhookOutcome.Unavailable("database unavailable");
        }
    }

    /** LiveKit stops retrying an event after 30 s; ids older than the retention are dead weight. */
    @Scheduled(
            initialDelayString = "${switchboard.livekit.webhook-event-purge-interval:PT1H}",
            fixedDelayString = "${switchboard.livekit.webhook-event-purge-interval:PT1H}")
    void forgetOldEvents() {
        Instant before = Instant.now().minus(properties.webhookEventRetention());
        int forgotten = database.transactionResult(Actor.SYSTEM, tx -> eventLog.forgetBefore(tx, before));
        if (forgotten > 0) {
            log.info("forgot {} webhook event ids received before {}", forgotten, before);
        }
    }
}
