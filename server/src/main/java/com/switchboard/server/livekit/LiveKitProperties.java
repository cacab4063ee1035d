package com.switchboard.server.livekit;

import com.switchboard.activities.livekit.LiveKitSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * The LiveKit deployment this server works with.
 *
 * @param url LiveKit server URL (http(s) or ws(s))
 * @param apiKey the key LiveKit signs webhooks with and we sign API calls with
 * @param roomPrefix the room prefix of our individual dispatch rule: only rooms named with it are
 *     calls (LiveKit names them {@code <prefix>_<caller>_<random>})
 * @param webhookMaxBody larger webhook bodies are refused with 413 before they are read
 * @param webhookEventRetention how long processed webhook event ids are remembered for
 *     de-duplication; LiveKit gives up on an event after 30 s, so a day is generous
 */
@ConfigurationProperties("switchboard.livekit")
public record LiveKitProperties(
        String url,
        String apiKey,
        String apiSecret,
        String roomPrefix,
        DataSize webhookMaxBody,
        Duration webhookEventRetention) {

    public LiveKitProperties {
        roomPrefix = roomPrefix == null ? "call-" : roomPrefix;
        webhookMaxBody = webhookMaxBody == null ? DataSize.ofKilobytes(64) : webhookMaxBody;
        webhookEventRetention = webhookEventRetention == null ? Duration.ofDays(1) : webhookEventRetention;
    }

    public LiveKitSettings settings() {
        return LiveKitSettings.of(url, apiKey, apiSecret);
    }
}
