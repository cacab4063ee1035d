package com.switchboard.activities.livekit;

import java.net.URI;
import java.util.Locale;

/**
 * Where LiveKit's server API is and the key pair that signs our requests (and LiveKit's webhooks).
 *
 * @param url the LiveKit server URL; a {@code ws(s)://} URL as clients use it is turned into the
 *     matching {@code http(s)://} one the server API needs
 */
public record LiveKitSettings(URI url, String apiKey, String apiSecret) {
    public LiveKitSettings {
        if (url == null) {
            throw new IllegalArgumentException("the LiveKit URL is required");
        }
        url = httpUrl(url);
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("the LiveKit API key is required");
        }
        if (apiSecret == null || apiSecret.isBlank()) {
            throw new IllegalArgumentException("the LiveKit API secret is required");
        }
    }

    public static LiveKitSettings of(String url, String apiKey, String apiSecret) {
        return new LiveKitSettings(URI.create(url), apiKey, apiSecret);
    }

    private static URI httpUrl(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String text = url.toString();
        String http = switch (scheme) {
            case "http", "https" -> text;
            case "ws" -> "http" + text.substring(2);
            case "wss" -> "https" + text.substring(3);
            default -> throw new IllegalArgumentException("LiveKit URL must be http(s) or ws(s): " + url);
        };
        return URI.create(http.endsWith("/") ? http.substring(0, http.length() - 1) : http);
    }

    /** Never print the secret. */
    @Override
    public String toString() {
        return "LiveKitSettings[url=" + url + ", apiKey=" + apiKey + "]";
    }
}
