package com.switchboard.server.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Links from an operator's call rows to the call's workflow in Temporal UI ({@code
 * switchboard.web.temporal-ui-url}: the compose file's UI in production, the dev server's in the
 * embedded default; unset, no links). Tenants never see them: Temporal UI is an operator's tool.
 */
@Component("temporalLinks")
public class TemporalLinks {
    private final String base;
    private final String namespace;

    TemporalLinks(
            @Value("${switchboard.web.temporal-ui-url:}") String base,
            @Value("${spring.temporal.namespace:default}") String namespace) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.namespace = namespace;
    }

    public boolean enabled() {
        return !base.isBlank();
    }

    /** The workflow's page in Temporal UI, or null without a UI. */
    public String workflow(String workflowId) {
        if (!enabled() || workflowId == null) {
            return null;
        }
        return base + "/namespaces/" + encode(namespace) + "/workflows/" + encode(workflowId);
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
