package com.switchboard.server.calls;

import com.switchboard.activities.db.Actor;
import com.switchboard.server.security.SwitchboardUser;
import com.switchboard.server.web.WebProperties;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /calls/live}: server-sent events for the live parts of the pages (calls in progress,
 * live counts per number). Each subscriber's snapshot is read as that subscriber, so row-level
 * security applies to the stream as to the page. A stream ends after a few minutes and the browser's
 * EventSource reconnects by itself, which also re-checks the session.
 */
@Controller
class LiveUpdates {
    private static final Logger log = LoggerFactory.getLogger(LiveUpdates.class);
    private static final Duration STREAM_LIFETIME = Duration.ofMinutes(5);
    private static final long RECONNECT_MILLIS = 1000;

    private final Operations operations;
    private final Duration refresh;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "live-updates");
        thread.setDaemon(true);
        return thread;
    });

    LiveUpdates(Operations operations, WebProperties web) {
        this.operations = operations;
        this.refresh = web.liveRefresh();
    }

    @GetMapping(path = "/calls/live", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@AuthenticationPrincipal SwitchboardUser me) {
        Actor actor = me.actor();
        SseEmitter emitter = new SseEmitter(STREAM_LIFETIME.toMillis());
        AtomicReference<ScheduledFuture<?>> task = new AtomicReference<>();
        Runnable stop = () -> {
            ScheduledFuture<?> running = task.get();
            if (running != null) {
                running.cancel(false);
            }
        };
        emitter.onCompletion(stop);
        emitter.onTimeout(() -> {
            // The browser reconnects (and re-authenticates) by itself; end the stream cleanly.
            stop.run();
            emitter.complete();
        });
        emitter.onError(e -> stop.run());
        task.set(scheduler.scheduleWithFixedDelay(
                () -> send(emitter, actor, stop), 0, refresh.toMillis(), TimeUnit.MILLISECONDS));
        return emitter;
    }

    private void send(SseEmitter emitter, Actor actor, Runnable stop) {
        try {
            emitter.send(SseEmitter.event()
                    .name("live")
                    .reconnectTime(RECONNECT_MILLIS)
                    .data(operations.snapshot(actor, operations.defaultZone()), MediaType.APPLICATION_JSON));
        } catch (IOException | IllegalStateException e) {
            // The browser went away (or the stream timed out): nothing to tell anybody.
            stop.run();
        } catch (RuntimeException e) {
            log.warn("live update failed", e);
            stop.run();
            emitter.completeWithError(e);
        }
    }

    @PreDestroy
    void close() {
        scheduler.shutdownNow();
    }
}
