package com.switchboard.server.webhook;

import static com.switchboard.db.Tables.LIVEKIT_WEBHOOK_EVENTS;

import java.time.Instant;
import livekit.LivekitWebhook.WebhookEvent;
import org.jooq.DSLContext;
import org.springframework.stereotype.Repository;

/** The ids of webhook events already handed over, so that LiveKit's duplicates change nothing. */
@Repository
class WebhookEventLog {

    /** Records the event; false when its id was recorded before (a duplicate). */
    boolean firstSighting(DSLContext tx, WebhookEvent event) {
        return tx.insertInto(LIVEKIT_WEBHOOK_EVENTS)
                        .set(LIVEKIT_WEBHOOK_EVENTS.EVENT_ID, event.getId())
                        .set(LIVEKIT_WEBHOOK_EVENTS.EVENT, event.getEvent())
                        .set(LIVEKIT_WEBHOOK_EVENTS.ROOM_NAME, event.getRoom().getName())
                        .onConflictDoNothing()
                        .execute()
                == 1;
    }

    int forgetBefore(DSLContext tx, Instant before) {
        return tx.deleteFrom(LIVEKIT_WEBHOOK_EVENTS)
                .where(LIVEKIT_WEBHOOK_EVENTS.RECEIVED_AT.lt(before))
                .execute();
    }
}
