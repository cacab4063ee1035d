package com.switchboard.server.webhook;

import com.switchboard.server.livekit.LiveKitProperties;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * {@code POST /livekit/webhook}, answered by a servlet filter ahead of every other one: Spring
 * Security, MVC's dispatch and the HTTP observations never see it. LiveKit authenticates with its
 * own signed token, which {@link LiveKitWebhooks} checks; nothing else of the web stack applies to
 * this path, and per call LiveKit posts about six webhooks, half of which concern no call. Measured
 * on the setup bench, the servlet stack around the handler cost more CPU than the handler itself
 * (bench/README.md).
 *
 * <p>The signature covers the exact body bytes, so the body is read raw and bounded before anything
 * else happens. Handling time is the timer {@code switchboard.webhook} [switchboard_webhook_seconds],
 * by outcome.
 */
@Configuration(proxyBeanMethods = false)
class LiveKitWebhookEndpoint {
    static final String PATH = "/livekit/webhook";

    @Bean
    FilterRegistrationBean<Filter> liveKitWebhookFilter(
            LiveKitWebhooks webhooks, LiveKitProperties properties, MeterRegistry registry) {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(
                new WebhookFilter(webhooks, properties.webhookMaxBody().toBytes(), registry));
        registration.addUrlPatterns(PATH);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.setName("liveKitWebhook");
        return registration;
    }

    static final class WebhookFilter implements Filter {
        private final LiveKitWebhooks webhooks;
        private final long maxBody;
        private final MeterRegistry registry;
        /** One timer per outcome, looked up once: every webhook of every call passes here. */
        private final Map<String, Timer> timers = new ConcurrentHashMap<>();

        WebhookFilter(LiveKitWebhooks webhooks, long maxBody, MeterRegistry registry) {
            this.webhooks = webhooks;
            this.maxBody = maxBody;
            this.registry = registry;
        }

        @Override
        public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
                throws IOException, ServletException {
            HttpServletRequest request = (HttpServletRequest) req;
            HttpServletResponse response = (HttpServletResponse) res;
            if (!PATH.equals(request.getRequestURI())) {
                // e.g. a path parameter or trailing characters: not this endpoint, the web stack decides.
                chain.doFilter(req, res);
                return;
            }
            long started = System.nanoTime();
            String outcome = handle(request, response);
            timers.computeIfAbsent(outcome, this::timer).record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }

        private Timer timer(String outcome) {
            return Timer.builder("switchboard.webhook")
                    .description("LiveKit webhook requests, by outcome")
                    .tag("outcome", outcome)
                    .register(registry);
        }

        private String handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
            if (!"POST".equals(request.getMethod())) {
                response.setHeader("Allow", "POST");
                return text(response, 405, "only POST", "method_not_allowed");
            }
            if (request.getContentLengthLong() > maxBody) {
                return text(response, 413, "payload too large", "too_large");
            }
            byte[] body;
            try (InputStream in = request.getInputStream()) {
                body = in.readNBytes((int) maxBody + 1);
            }
            if (body.length > maxBody) {
                return text(response, 413, "payload too large", "too_large");
            }
            WebhookOutcome outcome =
                    webhooks.receive(new String(body, StandardCharsets.UTF_8), request.getHeader("Authorization"));
            return text(response, outcome.httpStatus(), describe(outcome), outcome.metricName());
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

        private static String text(HttpServletResponse response, int status, String body, String outcome)
                throws IOException {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            response.setStatus(status);
            response.setContentType("text/plain;charset=UTF-8");
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
            return outcome;
        }
    }
}
