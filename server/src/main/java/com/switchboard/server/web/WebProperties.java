package com.switchboard.server.web;

import java.time.Duration;
import java.time.ZoneId;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The dashboard's settings.
 *
 * @param zone the time zone pages show times in and reports cut days in, unless a page names another;
 *     calls are stored in UTC either way
 * @param liveRefresh how often a live page's server-sent events look for changes
 */
@ConfigurationProperties("switchboard.web")
public record WebProperties(ZoneId zone, Duration liveRefresh) {
    public WebProperties {
        zone = zone == null ? ZoneId.of("UTC") : zone;
        liveRefresh = liveRefresh == null ? Duration.ofSeconds(2) : liveRefresh;
    }
}
