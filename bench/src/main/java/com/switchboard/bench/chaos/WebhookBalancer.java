package com.switchboard.bench.chaos;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What stands before several server replicas in production: a load balancer for LiveKit's webhooks
 * on loopback. Each POST goes to the next replica in turn; a replica that refuses the connection
 * (killed, restarting) is skipped for the next one, as a balancer's passive health check does, and
 * only when none answers does LiveKit see a failure (and retry).
 */
public final class WebhookBalancer implements AutoCloseable {
    private final HttpServer server;
    private final List<URI> replicas;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final AtomicInteger next = new AtomicInteger();
    private final AtomicLong failovers = new AtomicLong();

    private WebhookBalancer(HttpServer server, List<URI> replicas) {
        this.server = server;
        this.replicas = List.copyOf(replicas);
    }

    /** Listens on 127.0.0.1:{@code port} and spreads {@code /livekit/webhook} over {@code replicas}. */
    public static WebhookBalancer start(int port, List<URI> replicas) throws IOException {
        if (replicas.isEmpty()) {
            throw new IllegalArgumentException("a balancer needs at least one replica");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        WebhookBalancer balancer = new WebhookBalancer(server, replicas);
        server.createContext("/", balancer::forward);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
        return balancer;
    }

    /** How many posts went to another replica because the first one chosen did not answer. */
    public long failovers() {
        return failovers.get();
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            int first = Math.floorMod(next.getAndIncrement(), replicas.size());
            int status = 502;
            for (int i = 0; i < replicas.size(); i++) {
                URI replica = replicas.get((first + i) % replicas.size());
                HttpRequest.Builder request = HttpRequest.newBuilder(
                                replica.resolve(exchange.getRequestURI().getRawPath()))
                        .timeout(Duration.ofSeconds(10))
                        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
                for (String header : List.of("Content-Type", "Authorization", "User-Agent")) {
                    String value = exchange.getRequestHeaders().getFirst(header);
                    if (value != null) {
                        request.header(header, value);
                    }
                }
                try {
                    status = http.send(request.build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                    break;
                } catch (IOException unreachable) {
                    failovers.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            exchange.sendResponseHeaders(status, -1);
            try (OutputStream out = exchange.getResponseBody()) {
                out.flush();
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
