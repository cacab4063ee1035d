package com.switchboard.server.embedded;

import com.switchboard.activities.db.Actor;
import com.switchboard.activities.db.Database;
import com.switchboard.activities.route.PhoneNumbers;
import com.switchboard.livekit.simulator.CallState;
import com.switchboard.livekit.simulator.LiveKitSimulator;
import com.switchboard.livekit.simulator.SimulatedCall;
import com.switchboard.server.numbers.NumberRepository;
import com.switchboard.server.numbers.SipNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated callers for the embedded default, through the LiveKit simulator (so every call takes
 * the real path: signed webhooks, routing, the line semaphore, the GPU worker's session). At the
 * configured rate it calls the active, assigned numbers in the database, with now and then:
 *
 * <ul>
 *   <li>a second caller on a number that carries one call at a time, who hears busy (486);
 *   <li>a number nobody owns, rejected as unrouted;
 *   <li>a caller whose audio stops without a hangup (a PBX that dies): the agent reports the audio
 *       lost, LiveKit hangs up after its media timeout (10 s) with a participant_left, and the call
 *       is recorded as a ghost.
 * </ul>
 *
 * Answered callers stay between the shortest and longest call time, then hang up.
 */
final class CallTraffic implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CallTraffic.class);
    private static final Actor READER = Actor.operator("embedded-traffic");
    private static final String NOBODYS_NUMBER = "1099";

    private final LiveKitSimulator liveKit;
    private final NumberRepository numbers;
    private final EmbeddedSettings settings;
    private final Random random = new Random();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "embedded-callers");
        thread.setDaemon(true);
        return thread;
    });
    private List<SipNumber> targets = List.of();
    private long placed;

    CallTraffic(LiveKitSimulator liveKit, Database database, EmbeddedSettings settings) {
        this.liveKit = liveKit;
        this.numbers = new NumberRepository(database, new PhoneNumbers("IT"));
        this.settings = settings;
    }

    void start() {
        if (settings.callsPerMinute() <= 0) {
            log.info("no simulated calls ({}.calls-per-minute is 0)", EmbeddedSettings.PREFIX);
            return;
        }
        long interval = Math.max(50, Math.round(60_000 / settings.callsPerMinute()));
        timers.scheduleWithFixedDelay(this::refreshTargets, 0, 30, TimeUnit.SECONDS);
        timers.scheduleAtFixedRate(this::tick, 500, interval, TimeUnit.MILLISECONDS);
        log.info(
                "simulated callers: {} calls a minute, {}% ghosts, calls of {}-{} s",
                settings.callsPerMinute(),
                settings.ghostPercent(),
                settings.shortestCall().toSeconds(),
                settings.longestCall().toSeconds());
    }

    private void refreshTargets() {
        try {
            targets = numbers.list(READER).stream()
                    .filter(n -> n.organizationId() != null && n.active())
                    .toList();
        } catch (RuntimeException e) {
            log.warn("could not read the numbers to call: {}", e.toString());
        }
    }

    private void tick() {
        try {
            placed++;
            List<SipNumber> callable = targets;
            if (callable.isEmpty() || placed % 15 == 0) {
                call(NOBODYS_NUMBER);
                return;
            }
            SipNumber target = callable.get(random.nextInt(callable.size()));
            call(dialed(target.phoneNumber()));
            if (placed % 5 == 0) {
                // A second caller at the same moment: busy wherever the number carries one call.
                singleLine(callable).ifPresent(this::call);
            }
        } catch (RuntimeException e) {
            // One failed call must not end the traffic: the scheduler drops a task that throws.
            log.warn("simulated call not placed: {}", e.toString());
        }
    }

    private Optional<String> singleLine(List<SipNumber> callable) {
        List<String> single = new ArrayList<>();
        for (SipNumber number : callable) {
            if (number.maxConcurrentCalls() == 1) {
                single.add(dialed(number.phoneNumber()));
            }
        }
        return single.isEmpty() ? Optional.empty() : Optional.of(single.get(random.nextInt(single.size())));
    }

    private void call(String number) {
        SimulatedCall call = liveKit.placeCall(number, caller());
        if (call.roomName() == null) {
            return;
        }
        long spanMillis =
                settings.longestCall().toMillis() - settings.shortestCall().toMillis();
        long holdMillis = settings.shortestCall().toMillis() + (spanMillis <= 0 ? 0 : random.nextLong(spanMillis + 1));
        boolean ghost = random.nextInt(100) < settings.ghostPercent();
        timers.schedule(() -> end(call.roomName(), ghost), holdMillis, TimeUnit.MILLISECONDS);
    }

    private void end(String room, boolean ghost) {
        try {
            liveKit.call(room)
                    .filter(c -> c.state() == CallState.ACTIVE || c.state() == CallState.RINGING)
                    .ifPresent(c -> {
                        if (ghost && c.state() == CallState.ACTIVE) {
                            liveKit.stopMedia(room);
                        } else {
                            liveKit.hangup(room);
                        }
                    });
        } catch (RuntimeException e) {
            log.warn("simulated caller in {} did not hang up: {}", room, e.toString());
        }
    }

    /** What an Italian PBX sends for a number: the national form (routing normalizes it back). */
    private static String dialed(String phoneNumber) {
        return phoneNumber.startsWith("+39") ? phoneNumber.substring(3) : phoneNumber;
    }

    private String caller() {
        return "+39333" + String.format("%07d", random.nextInt(10_000_000));
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
