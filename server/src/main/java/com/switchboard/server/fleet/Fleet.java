package com.switchboard.server.fleet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Service;

/**
 * Reads every configured GPU worker's status at once (in parallel, each bounded by the timeout), so
 * one dead host costs the page one timeout, not one per host.
 */
@Service
public class Fleet {
    /** A status document is a few kilobytes; anything far larger is not one. */
    static final int MAX_STATUS_BYTES = 1024 * 1024;

    private final List<URI> workers;
    private final Duration timeout;
    private final ObjectReader reader;
    private final HttpClient http;

    Fleet(FleetProperties properties, ObjectMapper json) {
        this.workers = properties.workers();
        this.timeout = properties.timeout();
        this.reader = json.readerFor(WorkerStatus.class);
        this.http = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public FleetView read() {
        List<CompletableFuture<WorkerReading>> readings =
                workers.stream().map(this::read).toList();
        return FleetView.of(readings.stream().map(CompletableFuture::join).toList(), !workers.isEmpty());
    }

    private CompletableFuture<WorkerReading> read(URI url) {
        HttpRequest request = HttpRequest.newBuilder(url)
                .timeout(timeout)
                .header("Accept", "application/json")
                .GET()
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .orTimeout(timeout.toMillis() * 2, java.util.concurrent.TimeUnit.MILLISECONDS)
                .thenApply(response -> parse(url, response))
                .exceptionally(e -> new WorkerReading(url.toString(), null, describe(e)));
    }

    private WorkerReading parse(URI url, HttpResponse<byte[]> response) {
        if (response.statusCode() != 200) {
            return new WorkerReading(url.toString(), null, "answered HTTP " + response.statusCode());
        }
        if (response.body().length > MAX_STATUS_BYTES) {
            return new WorkerReading(url.toString(), null, "status document too large");
        }
        try {
            return new WorkerReading(url.toString(), reader.readValue(response.body()), null);
        } catch (JsonProcessingException e) {
            return new WorkerReading(url.toString(), null, "not a worker status document");
        } catch (java.io.IOException e) {
            return new WorkerReading(url.toString(), null, "unreadable answer");
        }
    }

    private static String describe(Throwable e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof TimeoutException || cause instanceof java.net.http.HttpTimeoutException) {
            return "no answer in time";
        }
        if (cause instanceof java.net.ConnectException) {
            return "connection refused";
        }
        return "unreachable (" + cause.getClass().getSimpleName() + ")";
    }
}
