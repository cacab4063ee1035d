package com.switchboard.livekit.simulator;

import com.sun.net.httpserver.HttpServer;
import io.livekit.server.WebhookReceiver;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import livekit.LivekitWebhook.WebhookEvent;

/** A webhook endpoint for tests: verifies with the SDK's WebhookReceiver and records what it got. */
final class RecordingReceiver implements AutoCloseable {
    private final HttpServer http;
    private final WebhookReceiver receiver;
    private final List<WebhookEvent> events = new ArrayList<>();
    private final Queue<Integer> scriptedStatuses = new ArrayDeque<>();
    private int rejectedSignatures;

    RecordingReceiver(String apiKey, String apiSecret) throws IOException {
        receiver = new WebhookReceiver(apiKey, apiSecret);
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/webhook", exchange -> {
            try (exchange;
                    InputStream in = exchange.getRequestBody()) {
                String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                Integer scripted;
                synchronized (this) {
                    scripted = scriptedStatuses.poll();
                }
                if (scripted != null) {
                    exchange.sendResponseHeaders(scripted, -1);
                    return;
                }
                try {
                    WebhookEvent event =
                            receiver.receive(body, exchange.getRequestHeaders().getFirst("Authorization"));
                    synchronized (this) {
                        events.add(event);
                    }
                    exchange.sendResponseHeaders(200, -1);
                } catch (Exception e) {
                    synchronized (this) {
                        rejectedSignatures++;
                    }
                    exchange.sendResponseHeaders(401, -1);
                }
            }
        });
        http.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/webhook");
    }

    /** The next requests are answered with these statuses, before any verification. */
    synchronized void answerNext(int... statuses) {
        for (int status : statuses) {
            scriptedStatuses.add(status);
        }
    }

    synchronized List<WebhookEvent> events() {
        return List.copyOf(events);
    }

    synchronized List<String> eventsOf(String room) {
        return events.stream()
                .filter(e -> e.getRoom().getName().equals(room))
                .map(WebhookEvent::getEvent)
                .toList();
    }

    synchronized int rejectedSignatures() {
        return rejectedSignatures;
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
