package com.switchboard.server.webhook;

import com.switchboard.server.livekit.LiveKitProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /livekit/webhook}. The signature covers the exact body bytes, so the body is read raw
 * (never through a message converter) and bounded before anything else happens.
 */
@RestController
class LiveKitWebhookController {
    private final LiveKitWebhooks webhooks;
    private final long maxBody;

    LiveKitWebhookController(LiveKitWebhooks webhooks, LiveKitProperties properties) {
        this.webhooks = webhooks;
        this.maxBody = properties.webhookMaxBody().toBytes();
    }

    @PostMapping("/livekit/webhook")
    ResponseEntity<String> receive(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxBody) {
            return text(413, "payload too large");
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) maxBody + 1);
        }
        if (body.length > maxBody) {
            return text(413, "payload too large");
        }
        WebhookOutcome outcome =
                webhooks.receive(new String(body, StandardCharsets.UTF_8), request.getHeader("Authorization"));
        return text(outcome.httpStatus(), describe(outcome));
    }

    private static String describe(WebhookOutcome outcome) {
        return switch (outcome) {
            case WebhookOutcome.Delivered d -> "delivered " + d.event() + " to " + d.workflowId();
            case WebhookOutcome.Duplicate d -> "duplicate of " + d.eventId();
            case WebhookOutcome.Ignored i -> "ignored " + i.event();
            case WebhookOutcome.CallOver c -> "call " + c.workflowId() + " is over";
            case WebhookOutcome.Unauthorized u -> u.reason();
            case WebhookOutcome.Malformed m -> m.reason();
            case WebhookOutcome.Unavailable u -> u.reason();
        };
    }

    private static ResponseEntity<String> text(int status, String body) {
        return ResponseEntity.status(status).contentType(MediaType.TEXT_PLAIN).body(body);
    }
}
