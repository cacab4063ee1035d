package com.switchboard.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reading GPU workers' status documents, the way the fleet page and API do. */
class FleetTest {
    // Strict on unknown properties: the worker status records must ignore new fields themselves.
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private HttpServer worker;

    @BeforeEach
    void aWorker() throws IOException {
        worker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        worker.createContext("/status", exchange -> answer(exchange, 200, """
                {"identity":"gpu@h1:9090","taskQueue":"agent-sessions","at":"2025-03-29T12:00:00Z","mode":"cpu",
                 "slotsUsed":1,"slotsFree":2,"devices":[{"id":"cpu","name":"CPU","totalMiB":null,"freeMiB":null,
                 "sessions":1,"maxSessions":3,"freeSlots":2,"temperature":40}],"sessions":[],"excluded":[],
                 "addedLater":{"x":1}}
                """));
        worker.createContext("/broken", exchange -> answer(exchange, 500, "oops"));
        worker.createContext("/garbage", exchange -> answer(exchange, 200, "<html>not json</html>"));
        worker.start();
    }

    @AfterEach
    void stop() {
        worker.stop(0);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, int status, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + worker.getAddress().getPort() + path);
    }

    private Fleet fleet(List<URI> workers) {
        return new Fleet(new FleetProperties(workers, Duration.ofSeconds(2)), json);
    }

    @Test
    void noConfiguredWorkersIsSaidSo() {
        FleetView view = fleet(List.of()).read();

        assertThat(view.configured()).isFalse();
        assertThat(view.workers()).isEmpty();
    }

    @Test
    void slotsAddUpOverTheWorkersThatAnswerAndTheOthersSayWhy() {
        FleetView view = fleet(List.of(url("/status"), url("/broken"), url("/garbage"), url("/status")))
                .read();

        assertThat(view.configured()).isTrue();
        assertThat(view.slotsUsed()).isEqualTo(2);
        assertThat(view.slotsFree()).isEqualTo(4);
        assertThat(view.workers())
                .extracting(WorkerReading::error)
                .containsExactly(null, "answered HTTP 500", "not a worker status document", null);
        WorkerStatus status = view.workers().getFirst().status();
        assertThat(status.identity()).isEqualTo("gpu@h1:9090");
        assertThat(status.devices().getFirst().totalMiB()).isNull();
        assertThat(status.devices().getFirst().maxSessions()).isEqualTo(3);
    }

    @Test
    void aWorkerThatIsDownIsShownUnreachable() {
        worker.stop(0);

        FleetView view = fleet(List.of(url("/status"))).read();

        assertThat(view.workers()).singleElement().satisfies(w -> {
            assertThat(w.reachable()).isFalse();
            assertThat(w.error()).isEqualTo("connection refused");
        });
    }
}
