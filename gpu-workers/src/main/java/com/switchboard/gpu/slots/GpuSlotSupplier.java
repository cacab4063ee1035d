package com.switchboard.gpu.slots;

import com.switchboard.gpu.inventory.GpuMemory;
import com.switchboard.gpu.inventory.GpuProbe;
import io.temporal.worker.tuning.ActivitySlotInfo;
import io.temporal.worker.tuning.SlotMarkUsedContext;
import io.temporal.worker.tuning.SlotPermit;
import io.temporal.worker.tuning.SlotReleaseContext;
import io.temporal.worker.tuning.SlotReserveContext;
import io.temporal.worker.tuning.SlotSupplier;
import io.temporal.worker.tuning.SlotSupplierFuture;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Activity slots of the agent-sessions worker, sized from the GPUs. Temporal reserves a slot
 * before it polls for a task, so refusing a reservation here is what stops this host from taking a
 * session it cannot hold: the task stays in the queue for another host, and a call nobody can take
 * runs into its schedule-to-start timeout (no GPU capacity) instead of into a broken session.
 *
 * <p>A reservation is granted on the device {@link DeviceLoad#choose chosen} from fresh readings.
 * Reservations that cannot be granted wait; they are retried when a slot is released and every
 * {@link SlotPolicy#recheckInterval()}, since memory may also be freed by other processes.
 */
public final class GpuSlotSupplier implements SlotSupplier<ActivitySlotInfo>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GpuSlotSupplier.class);

    private final List<SessionDevice> devices;
    private final GpuProbe probe;
    private final SlotPolicy policy;
    private final Clock clock;
    private final ScheduledExecutorService recheck;

    // Guarded by this. SlotPermit has identity equality, which is what a claim needs.
    private final Map<SlotPermit, Claim> claims = new IdentityHashMap<>();
    private final Deque<CompletableFuture<SlotPermit>> waiters = new ArrayDeque<>();
    private final Set<String> unreadable = new HashSet<>();
    private Instant pausedUntil = Instant.MIN;

    private static final class Claim {
        final SessionDevice device;
        final Instant reservedAt;
        Instant usedAt;
        SessionKey session;

        Claim(SessionDevice device, Instant reservedAt) {
            this.device = device;
            this.reservedAt = reservedAt;
        }
    }

    public GpuSlotSupplier(List<SessionDevice> devices, GpuProbe probe, SlotPolicy policy, Clock clock) {
        if (devices.isEmpty()) {
            throw new IllegalArgumentException("a worker needs at least one device to hold sessions");
        }
        this.devices = List.copyOf(devices);
        this.probe = probe;
        this.policy = policy;
        this.clock = clock;
        this.recheck = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "gpu-slot-recheck");
            thread.setDaemon(true);
            return thread;
        });
        long period = policy.recheckInterval().toMillis();
        recheck.scheduleWithFixedDelay(this::serveWaiters, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public SlotSupplierFuture reserveSlot(SlotReserveContext<ActivitySlotInfo> ctx) {
        CompletableFuture<SlotPermit> waiter = new CompletableFuture<>();
        synchronized (this) {
            Optional<SlotPermit> now = admitLocked();
            if (now.isPresent()) {
                return SlotSupplierFuture.completedFuture(now.get());
            }
            waiters.add(waiter);
        }
        return SlotSupplierFuture.fromCompletableFuture(waiter, () -> abandon(waiter));
    }

    @Override
    public Optional<SlotPermit> tryReserveSlot(SlotReserveContext<ActivitySlotInfo> ctx) {
        return tryReserve();
    }

    @Override
    public void markSlotUsed(SlotMarkUsedContext<ActivitySlotInfo> ctx) {
        markUsed(ctx.getSlotPermit(), SessionKey.of(ctx.getSlotInfo().getActivityInfo()));
    }

    @Override
    public void releaseSlot(SlotReleaseContext<ActivitySlotInfo> ctx) {
        release(ctx.getSlotPermit());
    }

    @Override
    public Optional<Integer> getMaximumSlots() {
        return Optional.of(devices.stream().mapToInt(SessionDevice::maxSessions).sum());
    }

    /** Grants a slot now if a device admits one. */
    public synchronized Optional<SlotPermit> tryReserve() {
        return admitLocked();
    }

    /** Records which session a granted slot runs, so the session can learn its device. */
    public synchronized void markUsed(SlotPermit permit, SessionKey session) {
        Claim claim = claims.get(permit);
        if (claim == null) {
            log.warn("slot marked used for {} was never granted by this supplier", session);
            return;
        }
        claim.usedAt = clock.instant();
        claim.session = session;
    }

    /** Gives a slot back and lets a waiting reservation have it. */
    public void release(SlotPermit permit) {
        synchronized (this) {
            claims.remove(permit);
        }
        serveWaiters();
    }

    /**
     * Admits no new session for {@code duration}. After an agent did not show up here, this host's
     * agents are probably down: pausing lets the retry go to another host instead of this one.
     */
    public synchronized void pause(Duration duration) {
        Instant until = clock.instant().plus(duration);
        if (until.isAfter(pausedUntil)) {
            pausedUntil = until;
            log.warn("admitting no new session until {}", until);
        }
    }

    /** The device a running session was given, if this supplier granted its slot. */
    public synchronized Optional<SessionDevice> deviceOf(SessionKey session) {
        return claims.values().stream()
                .filter(claim -> session.equals(claim.session))
                .map(claim -> claim.device)
                .findFirst();
    }

    public synchronized SlotSnapshot snapshot() {
        List<HeldSlot> sessions = new ArrayList<>();
        for (Claim claim : claims.values()) {
            if (claim.session != null) {
                sessions.add(new HeldSlot(claim.session, claim.device.id(), claim.usedAt));
            }
        }
        // Pollers reserve a slot before every long poll; the fleet view counts sessions only.
        Instant now = clock.instant();
        return new SlotSnapshot(
                now, policy, loadsLocked(true), sessions, now.isBefore(pausedUntil) ? pausedUntil : null);
    }

    @Override
    public void close() {
        recheck.shutdownNow();
    }

    private Optional<SlotPermit> admitLocked() {
        if (clock.instant().isBefore(pausedUntil)) {
            return Optional.empty();
        }
        return DeviceLoad.choose(loadsLocked(false), policy).map(device -> {
            SlotPermit permit = new SlotPermit(device.id());
            claims.put(permit, new Claim(device, clock.instant()));
            return permit;
        });
    }

    private List<DeviceLoad> loadsLocked(boolean sessionsOnly) {
        Instant settledBefore = clock.instant().minus(policy.memorySettleTime());
        List<DeviceLoad> loads = new ArrayList<>(devices.size());
        for (SessionDevice device : devices) {
            int held = 0;
            int unsettled = 0;
            for (Claim claim : claims.values()) {
                if (claim.device.equals(device) && (!sessionsOnly || claim.session != null)) {
                    held++;
                    if (claim.usedAt == null || claim.usedAt.isAfter(settledBefore)) {
                        unsettled++;
                    }
                }
            }
            loads.add(new DeviceLoad(device, held, unsettled, read(device)));
        }
        return loads;
    }

    private Optional<GpuMemory> read(SessionDevice device) {
        return switch (device) {
            case SessionDevice.Cpu cpu -> Optional.empty();
            case SessionDevice.Gpu gpu -> {
                try {
                    GpuMemory memory = probe.memory(gpu.gpu().index());
                    if (unreadable.remove(gpu.id())) {
                        log.info("GPU {} can be read again", gpu.id());
                    }
                    yield Optional.of(memory);
                } catch (RuntimeException e) {
                    // A GPU that cannot be read admits nothing until it can; say so once.
                    if (unreadable.add(gpu.id())) {
                        log.error("GPU {} cannot be read; it admits no session until it can", gpu.id(), e);
                    }
                    yield Optional.empty();
                }
            }
        };
    }

    private void serveWaiters() {
        List<Grant> grants = new ArrayList<>();
        synchronized (this) {
            while (!waiters.isEmpty()) {
                Optional<SlotPermit> permit = admitLocked();
                if (permit.isEmpty()) {
                    break;
                }
                grants.add(new Grant(waiters.poll(), permit.get()));
            }
        }
        // Completed outside the lock: completion runs the poller's continuations.
        for (Grant grant : grants) {
            if (!grant.waiter().complete(grant.permit())) {
                release(grant.permit());
            }
        }
    }

    private record Grant(CompletableFuture<SlotPermit> waiter, SlotPermit permit) {}

    private void abandon(CompletableFuture<SlotPermit> waiter) {
        synchronized (this) {
            waiters.remove(waiter);
        }
        // Exactly one of cancel() here and complete() in serveWaiters wins; the loser gives the
        // permit back, so an aborted reservation can never keep a slot.
        if (!waiter.cancel(true)) {
            release(waiter.join());
        }
    }
}
