package com.switchboard.server.web;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

/**
 * A GPU worker's status endpoint, answering a document shaped like gpu-workers' GpuFleetReport
 * (with a field this server does not know, which it must ignore), and the URL of a worker that is
 * down.
 */
final class FakeGpuWorker {
    static final String STATUS = """
            {"identity":"gpu-worker@gpu-1:9090","taskQueue":"agent-sessions","at":"2025-03-29T12:00:00Z",
             "mode":"gpu","slotsUsed":3,"slotsFree":5,
             "devices":[{"id":"cuda:0","name":"NVIDIA H100","totalMiB":81559,"freeMiB":40000,
                         "sessions":3,"maxSessions":8,"freeSlots":5}],
             "sessions":[{"callWorkflowId":"call-call-_+39055_abc","attempt":1,"device":"cuda:0",
                          "since":"2025-03-29T11:59:00Z"}],
             "excluded":[],"firmware":"something newer"}
            """;

    private static HttpServer server;

    private FakeGpuWorker() {}

    static synchronized String statusUrls() {
        if (server == null) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/status", exchange -> {
                byte[] body = STATUS.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
        }
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/status,http://127.0.0.1:" + deadPort()
                + "/status";
    }

    /** A port nobody listens on (it was free a moment ago). */
    private static int deadPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
