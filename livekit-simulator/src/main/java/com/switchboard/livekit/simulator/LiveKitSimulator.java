package com.switchboard.livekit.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import livekit.LivekitModels.ParticipantInfo;
import livekit.LivekitSip;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A stand-in for LiveKit server plus LiveKit SIP, in process: it serves the Twirp API the control
 * plane calls (rooms, participants, agent dispatch, SIP trunks and dispatch rules) so that the real
 * SDK clients are exercised, plays SIP callers and agents, and posts signed webhooks with LiveKit's
 * delivery behaviour. Tests and the embedded dev mode use it.
 *
 * <p>Calls follow LiveKit SIP: a caller rings in a room of its own until an agent joins (then the
 * call is answered); deleting the room or removing the caller while it rings answers 486; a hangup
 * sends participant_left and, once only agents are left, room_finished; after lost media the agents
 * report the caller's audio lost, and the caller leaves with participant_left at the media timeout.
 *
 * <p>{@link Rooms} is LiveKit server's room and agent-dispatch service, {@link SipProvisioning}
 * LiveKit SIP's trunks and dispatch rules, {@link Callers} the PBX's calls; {@link Timers} is their
 * time.
 */
public final class LiveKitSimulator implements AutoCloseable {
    private final SimulatorConfig config;
    private final AtomicReference<URI> webhookUrl;
    private final Timers timers;
    private final WebhookSender webhooks;
    private final Rooms rooms;
    private final SipProvisioning sip;
    private final Callers callers;
    private final TwirpServer twirp;

    private LiveKitSimulator(SimulatorConfig config, int port, Timers timers) throws IOException {
        this.config = config;
        this.webhookUrl = new AtomicReference<>(config.webhookUrl());
        Random random = new Random(config.seed());
        Ids ids = new Ids(random);
        this.timers = timers;
        this.webhooks =
                new WebhookSender(config.apiKey(), config.apiSecret(), config.webhookFaults(), random, webhookUrl::get);
        this.rooms = new Rooms(config, ids, webhooks, timers);
        this.sip = new SipProvisioning(config, ids, timers.clock());
        this.callers = new Callers(rooms, sip, ids, timers);
        this.twirp = new TwirpServer(port, config.apiKey(), config.apiSecret(), rooms, sip);
    }

    /** Starts the simulator's HTTP API on a free loopback port. */
    public static LiveKitSimulator start(SimulatorConfig config) {
        return start(config, 0);
    }

    /** Starts the simulator's HTTP API on the given loopback port (0 for any free one). */
    public static LiveKitSimulator start(SimulatorConfig config, int port) {
        return start(config, port, Timers.system());
    }

    /** As {@link #start(SimulatorConfig, int)}, on the given time (a test's manual one). */
    static LiveKitSimulator start(SimulatorConfig config, int port, Timers timers) {
        try {
            return new LiveKitSimulator(config, port, timers);
        } catch (IOException e) {
            timers.close();
            throw new UncheckedIOException("the LiveKit simulator could not listen on port " + port, e);
        }
    }

    /** The base URL the SDK clients take as their host. */
    public URI url() {
        return twirp.url();
    }

    public SimulatorConfig config() {
        return config;
    }

    /** Where webhooks go from now on (e.g. once a test's server knows its port); null stops them. */
    public void setWebhookUrl(URI url) {
        webhookUrl.set(url);
    }

    public void setAgentBehaviour(String agentName, AgentBehaviour behaviour) {
        rooms.setAgentBehaviour(agentName, behaviour);
    }

    // ---------------------------------------------------------------- the PBX side

    /**
     * A call from the PBX: LiveKit SIP matches an inbound trunk and dispatch rule (while none is
     * provisioned, a default individual rule with the configured room prefix applies), creates the
     * caller's room and the ringing SIP participant, and sends participant_joined.
     */
    public SimulatedCall placeCall(String calledNumber, String callerNumber) {
        return callers.placeCall(calledNumber, callerNumber, config.pbxAddress());
    }

    /** As {@link #placeCall(String, String)}, with an INVITE from another source address. */
    public SimulatedCall placeCall(String calledNumber, String callerNumber, String sourceAddress) {
        return callers.placeCall(calledNumber, callerNumber, sourceAddress);
    }

    /** The caller hangs up: participant_left, then the agents leave and room_finished follows. */
    public void hangup(String roomName) {
        callers.hangup(roomName);
    }

    /** The caller's connection fails: participant_connection_aborted. */
    public void abortConnection(String roomName) {
        callers.abortConnection(roomName);
    }

    /**
     * The caller's audio stops, as when a PBX dies without sending BYE: the agents report the audio
     * lost within {@link #AGENT_NOTICES_LOST_AUDIO} (or half the media timeout, if shorter), and
     * after the media timeout the caller leaves with a participant_left webhook, as LiveKit SIP
     * reports its media timeout.
     */
    public void stopMedia(String roomName) {
        Duration notices =
                AGENT_NOTICES_LOST_AUDIO.compareTo(config.mediaTimeout().dividedBy(2)) < 0
                        ? AGENT_NOTICES_LOST_AUDIO
                        : config.mediaTimeout().dividedBy(2);
        callers.stopMedia(roomName, config.mediaTimeout(), notices);
    }

    /** How long after the caller's last RTP packet an agent reports the audio lost (the reference agent's 2 s). */
    public static final Duration AGENT_NOTICES_LOST_AUDIO = Duration.ofSeconds(2);

    // ---------------------------------------------------------------- queries for tests

    public Optional<SimulatedCall> call(String roomName) {
        return callers.call(roomName);
    }

    public List<SimulatedCall> calls() {
        return callers.calls();
    }

    /** Polls until the call in {@code roomName} satisfies {@code condition}, or fails after timeout. */
    public SimulatedCall awaitCall(String roomName, Predicate<SimulatedCall> condition, Duration timeout) {
        try {
            return Awaitility.await()
                    .atMost(timeout)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(Duration.ofMillis(20))
                    .until(() -> callers.call(roomName).orElse(null), call -> call != null && condition.test(call));
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(
                    "call in room " + roomName + " did not get there within " + timeout + "; it is "
                            + callers.call(roomName).orElse(null),
                    e);
        }
    }

    public SimulatedCall awaitCallState(String roomName, CallState state, Duration timeout) {
        return awaitCall(roomName, c -> c.state() == state, timeout);
    }

    /** Every explicit agent dispatch, oldest first. */
    public List<Dispatch> dispatches() {
        return rooms.dispatchLog();
    }

    public List<Dispatch> dispatches(String roomName) {
        return rooms.dispatchLog().stream()
                .filter(d -> d.roomName().equals(roomName))
                .toList();
    }

    public List<String> rooms() {
        return rooms.roomNames();
    }

    public boolean roomExists(String roomName) {
        return rooms.roomNames().contains(roomName);
    }

    public List<ParticipantInfo> participants(String roomName) {
        return roomExists(roomName) ? rooms.listParticipants(roomName) : List.of();
    }

    public List<LivekitSip.SIPInboundTrunkInfo> inboundTrunks() {
        return sip.trunks();
    }

    public List<LivekitSip.SIPDispatchRuleInfo> dispatchRules() {
        return sip.rules();
    }

    /** Every webhook event so far, in the order they were queued. */
    public List<WebhookDelivery> webhooks() {
        return webhooks.deliveries();
    }

    /** Waits until every queued webhook is delivered or given up on; false on timeout. */
    public boolean awaitWebhooksSettled(Duration timeout) {
        try {
            return webhooks.awaitIdle(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Posts a recorded webhook again, freshly signed, outside the per-room order, the way a retried
     * or duplicated delivery can arrive late. Returns the receiver's HTTP status (-1: no connection).
     */
    public int resendWebhook(String eventId) {
        try {
            return webhooks.resend(eventId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Signs a body as LiveKit would sign a webhook, for tests that post by hand. */
    public String signWebhook(String body) {
        return webhooks.sign(body);
    }

    /** The next {@code times} API calls of {@code method} (e.g. "DeleteRoom") fail with that status. */
    public void failNextApiCalls(String method, int httpStatus, int times) {
        twirp.failNext(method, httpStatus, times);
    }

    /** How many times the API method (e.g. "DeleteRoom") was called with a valid token. */
    public int apiCalls(String method) {
        return twirp.callCount(method);
    }

    @Override
    public void close() {
        twirp.close();
        timers.close();
        webhooks.close();
    }
}
