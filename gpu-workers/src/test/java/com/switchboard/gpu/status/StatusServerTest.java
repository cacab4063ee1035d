package com.switchboard.gpu.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.switchboard.gpu.inventory.GpuInventory;
import com.switchboard.gpu.slots.GpuSlotSupplier;
import com.switchboard.gpu.slots.SessionDevice;
import com.switchboard.gpu.slots.SessionKey;
import com.switchboard.gpu.slots.SlotPolicy;
import com.switchboard.gpu.testing.FakeGpus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusServerTest {
    @Test
    void statusServesWhatTheWorkerHoldsAsJson() throws Exception {
        FakeGpus gpus = new FakeGpus()
                .gpu("NVIDIA GeForce RTX 3090", 24_576, 20_000)
                .gpu("NVIDIA GeForce RTX 3090", 24_576, 20_000)
                .failingSelfTest(1);
        GpuInventory inventory = GpuInventory.discover(gpus);
        SlotPolicy policy = new SlotPolicy(6_000, 3, 0, Duration.ofSeconds(30), Duration.ofSeconds(1));
        try (GpuSlotSupplier slots = new GpuSlotSupplier(
                        List.of(new SessionDevice.Gpu(inventory.usable().getFirst(), 3)),
                        gpus,
                        policy,
                        Clock.systemUTC());
                StatusServer server = StatusServer.start(
                        0, () -> GpuFleetReport.of("gpu@host-a", "agent-sessions", inventory, slots.snapshot()))) {
            slots.markUsed(slots.tryReserve().orElseThrow(), new SessionKey("call-room-7", "1", 1));
            // A poller waiting for work holds a reservation; that is no session.
            slots.tryReserve().orElseThrow();

            HttpResponse<String> response = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + "/status"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());

            assertThat(response.statusCode()).isEqualTo(200);
            JsonNode json = new ObjectMapper().readTree(response.body());
            assertThat(json.get("identity").asText()).isEqualTo("gpu@host-a");
            assertThat(json.get("mode").asText()).isEqualTo("gpu");
            assertThat(json.get("slotsUsed").asInt()).isEqualTo(1);
            // (20000 - 6000 claimed by the session still loading) / 6000 = 2, under max 3 - 1.
            assertThat(json.get("slotsFree").asInt()).isEqualTo(2);
            assertThat(json.at("/devices/0/id").asText()).isEqualTo("cuda:0");
            assertThat(json.at("/devices/0/freeMiB").asLong()).isEqualTo(20_000);
            assertThat(json.at("/sessions/0/callWorkflowId").asText()).isEqualTo("call-room-7");
            assertThat(json.at("/excluded/0/id").asText()).isEqualTo("cuda:1");
        }
    }
}
