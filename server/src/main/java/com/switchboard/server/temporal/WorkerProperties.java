package com.switchboard.server.temporal;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param enabled whether this server runs the control-plane worker (a server may serve webhooks only)
 * @param defaultRegion the region dialed numbers without a country code belong to (ISO 3166, e.g. IT)
 */
@ConfigurationProperties("switchboard.worker")
public record WorkerProperties(Boolean enabled, String defaultRegion) {
    public WorkerProperties {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        defaultRegion = defaultRegion == null || defaultRegion.isBlank() ? "IT" : defaultRegion;
    }
}
