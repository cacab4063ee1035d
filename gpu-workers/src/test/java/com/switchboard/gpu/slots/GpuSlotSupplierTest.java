package com.switchboard.gpu.slots;

import static org.assertj.core.api.Assertions.assertThat;

import com.switchboard.gpu.testing.FakeGpus;
import com.switchboard.gpu.testing.TestClock;
import io.temporal.worker.tuning.SlotPermit;
import io.temporal.worker.tuning.SlotSupplierFuture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GpuSlotSupplierTest {
    private static final long FOOTPRINT = 4_000;

    private final TestClock clock = new TestClock(Instant.parse("2026-01-01T09:00:00Z"));
    private final List<GpuSlotSupplier> suppliers = new ArrayList<>();

    @AfterEach
    void closeSuppliers() {
        suppliers.forEach(GpuSlotSupplier::close);
    }

    private GpuSlotSupplier supplier(FakeGpus gpus, int maxPerGpu) {
        SlotPolicy policy = new SlotPolicy(FOOTPRINT, maxPerGpu, 0, Duration.ofSeconds(30), Duration.ofMillis(50));
        List<SessionDevice> devices = gpus.devices().stream()
                .<SessionDevice>map(gpu -> new SessionDevice.Gpu(gpu, maxPerGpu))
                .toList();
        GpuSlotSupplier supplier = new GpuSlotSupplier(devices, gpus, policy, clock);
        suppliers.add(supplier);
        return supplier;
    }

    private static String deviceOf(Optional<SlotPermit> permit) {
        return (String) permit.orElseThrow().userData;
    }

    @Test
    void admitsWhileFreeMemoryCoversTheFootprintOfEverySessionNotYetLoaded() {
        FakeGpus gpus = new FakeGpus().gpu("RTX 3090", 24_576, 10_000);
        GpuSlotSupplier slots = supplier(gpus, 5);

        // 10000 free: the first session fits, the second fits in what is left after the first's
        // footprint (6000), the third would not (2000 < 4000).
        assertThat(slots.tryReserve()).isPresent();
        assertThat(slots.tryReserve()).isPresent();
        assertThat(slots.tryReserve()).isEmpty();
    }

    @Test
    void refusesBeyondTheMaximumPerGpuWhateverItsMemorySays() {
        FakeGpus gpus = new FakeGpus().gpu("H100", 81_920, 80_000);
        GpuSlotSupplier slots = supplier(gpus, 2);

        assertThat(slots.tryReserve()).isPresent();
        assertThat(slots.tryReserve()).isPresent();
        assertThat(slots.tryReserve()).isEmpty();
    }

    @Test
    void refusesWhenFreeMemoryIsBelowOneFootprint() {
        FakeGpus gpus = new FakeGpus().gpu("RTX 3090", 24_576, FOOTPRINT - 1);
        GpuSlotSupplier slots = supplier(gpus, 5);

        assertThat(slots.tryReserve()).isEmpty();
        gpus.setFree(0, FOOTPRINT);
        assertThat(slots.tryReserve()).isPresent();
    }

    @Test
    void aLoadedSessionCountsThroughTheMemoryReadingOnceItHasSettled() {
        FakeGpus gpus = new FakeGpus().gpu("RTX 3090", 24_576, 12_000);
        GpuSlotSupplier slots = supplier(gpus, 5);
        SlotPermit first = slots.tryReserve().orElseThrow();
        slots.markUsed(first, new SessionKey("call-a", "1", 1));
        // The agent loads its models: the reading drops by one footprint.
        gpus.setFree(0, 8_000);

        // Still settling: its footprint counts twice (reading and claim), so 8000 - 4000 admits one more
        // session, but not two.
        assertThat(slots.tryReserve()).isPresent();
        assertThat(slots.tryReserve()).isEmpty();

        // Settled: only the reading counts for the first session; the second still claims.
        clock.advance(Duration.ofSeconds(31));
        assertThat(slots.tryReserve()).isPresent();
    }

    @Test
    void putsANewSessionOnTheGpuWithMostHeadroom() {
        FakeGpus gpus = new FakeGpus()
                .gpu("RTX 3090", 24_576, 9_000)
                .gpu("RTX 4090", 24_576, 20_000)
                .gpu("RTX A5000", 24_576, 16_000);
        GpuSlotSupplier slots = supplier(gpus, 5);

        assertThat(deviceOf(slots.tryReserve())).isEqualTo("cuda:1"); // 20000 free
        assertThat(deviceOf(slots.tryReserve())).isEqualTo("cuda:2"); // 16000 each: fewer sessions wins
        assertThat(deviceOf(slots.tryReserve())).isEqualTo("cuda:1"); // 16000 against 12000 and 9000
        assertThat(deviceOf(slots.tryReserve())).isEqualTo("cuda:2"); // 12000 against 12000 (more held) and 9000
    }

    @Test
    void aFailingGpuReadingAdmitsNothingOnThatGpuUntilItCanBeReadAgain() {
        FakeGpus gpus = new FakeGpus().gpu("A", 24_576, 20_000).gpu("B", 24_576, 5_000);
        GpuSlotSupplier slots = supplier(gpus, 5);
        gpus.setUnreadable(0, true);

        assertThat(deviceOf(slots.tryReserve())).isEqualTo("cuda:1");
        assertThat(slots.tryReserve()).isEmpty();

        gpus.setUnreadable(0, false);
        assertThat(deviceOf(slots.tryReserve())).isEqualTo("cuda:0");
    }

    @Test
    void aReleasedSlotGoesToTheReservationWaitingForIt() throws Exception {
        FakeGpus gpus = new FakeGpus().gpu("RTX 3090", 24_576, 20_000);
        GpuSlotSupplier slots = supplier(gpus, 1);
        SlotPermit held = slots.tryReserve().orElseThrow();

        SlotSupplierFuture waiting = slots.reserveSlot(null);
        assertThat(waiting).isNotDone();

        slots.release(held);
        assertThat(waiting.get(2, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void aWaitingReservationIsGrantedWhenMemoryIsFreedElsewhere() throws Exception {
        FakeGpus gpus = new FakeGpus().gpu("RTX 3090", 24_576, 1_000);
        GpuSlotSupplier slots = supplier(gpus, 4);

        SlotSupplierFuture waiting = slots.reserveSlot(null);
        Thread.sleep(120);
        assertThat(waiting).isNotDone();

        // Another process on the card exits; the periodic re-read notices.
        gpus.setFree(0, 20_000);
        assertThat(waiting.get(2, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void anAbortedReservationKeepsNoSlot() {
        FakeGpus gpus = new FakeGpus().gpu("RTX 3090", 24_576, 20_000);
        GpuSlotSupplier slots = supplier(gpus, 1);
        SlotPermit held = slots.tryReserve().orElseThrow();
        SlotSupplierFuture waiting = slots.reserveSlot(null);

        assertThat(waiting.abortReservation()).isNull();
        slots.release(held);

        assertThat(slots.tryReserve()).isPresent();
    }

    @Test
    void aRunningSessionLearnsItsDeviceAndShowsInTheSnapshot() {
        FakeGpus gpus = new FakeGpus().gpu("A", 24_576, 10_000).gpu("B", 24_576, 20_000);
        GpuSlotSupplier slots = supplier(gpus, 3);
        SlotPermit permit = slots.tryReserve().orElseThrow();
        SessionKey session = new SessionKey("call-room-1", "session", 1);
        slots.markUsed(permit, session);

        assertThat(slots.deviceOf(session)).map(SessionDevice::id).hasValue("cuda:1");
        SlotSnapshot snapshot = slots.snapshot();
        assertThat(snapshot.slotsUsed()).isEqualTo(1);
        assertThat(snapshot.sessions()).singleElement().satisfies(held -> {
            assertThat(held.session()).isEqualTo(session);
            assertThat(held.device()).isEqualTo("cuda:1");
        });
        // A: 10000 / 4000 = 2; B: (20000 - 4000 unsettled) / 4000 = 4, capped at 3 - 1 = 2.
        assertThat(snapshot.slotsFree()).isEqualTo(4);

        slots.release(permit);
        assertThat(slots.deviceOf(session)).isEmpty();
    }

    @Test
    void aPausedSupplierAdmitsNothingUntilThePauseEnds() {
        FakeGpus gpus = new FakeGpus().gpu("RTX 3090", 24_576, 20_000);
        GpuSlotSupplier slots = supplier(gpus, 4);

        slots.pause(Duration.ofSeconds(15));
        assertThat(slots.tryReserve()).isEmpty();
        assertThat(slots.snapshot().pausedUntil()).isEqualTo(clock.instant().plusSeconds(15));
        assertThat(slots.snapshot().slotsFree()).isZero();

        clock.advance(Duration.ofSeconds(15));
        assertThat(slots.tryReserve()).isPresent();
        assertThat(slots.snapshot().pausedUntil()).isNull();
    }

    @Test
    void aHostWithoutGpusHoldsItsConfiguredCpuSlots() {
        SlotPolicy policy = new SlotPolicy(FOOTPRINT, 4, 2, Duration.ZERO, Duration.ofMillis(50));
        GpuSlotSupplier slots = new GpuSlotSupplier(List.of(new SessionDevice.Cpu(2)), new FakeGpus(), policy, clock);
        suppliers.add(slots);

        assertThat(deviceOf(slots.tryReserve())).isEqualTo("cpu");
        assertThat(slots.tryReserve()).isPresent();
        assertThat(slots.tryReserve()).isEmpty();
        assertThat(slots.getMaximumSlots()).hasValue(2);
    }
}
