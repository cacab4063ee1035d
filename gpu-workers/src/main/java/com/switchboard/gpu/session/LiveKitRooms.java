package com.switchboard.gpu.session;

import io.livekit.server.AgentDispatchServiceClient;
import io.livekit.server.RoomServiceClient;
import io.livekit.server.okhttp.OkHttpHolder;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import livekit.LivekitAgentDispatch.AgentDispatch;
import livekit.LivekitModels;
import livekit.LivekitModels.ParticipantInfo;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import retrofit2.Call;
import retrofit2.Response;

/**
 * The LiveKit calls of an agent session, through the server SDK's Twirp clients. Every Retrofit
 * {@link Response} is checked (the SDK returns HTTP errors instead of throwing); "not found" means
 * gone and is an answer, anything else is {@link LiveKitUnavailableException}. LiveKit's protobuf
 * types stay in here.
 */
public final class LiveKitRooms {
    private static final Logger log = LoggerFactory.getLogger(LiveKitRooms.class);
    private static final int NOT_FOUND = 404;
    private static final Executor CONCURRENT_CALLS = Executors.newVirtualThreadPerTaskExecutor();

    private final RoomServiceClient rooms;
    private final AgentDispatchServiceClient dispatches;

    public LiveKitRooms(RoomServiceClient rooms, AgentDispatchServiceClient dispatches) {
        this.rooms = rooms;
        this.dispatches = dispatches;
    }

    /**
     * Clients with bounded timeouts: a LiveKit call that hangs would stop the session's heartbeats
     * and get a healthy call reaped as a ghost, so a slow answer must fail well within the
     * heartbeat timeout and count as an outage instead.
     */
    public static LiveKitRooms connect(String url, String apiKey, String apiSecret) {
        OkHttpHolder http = new OkHttpHolder(new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(4))
                .callTimeout(Duration.ofSeconds(5))
                .build());
        return new LiveKitRooms(
                RoomServiceClient.createClient(url, apiKey, apiSecret, http),
                AgentDispatchServiceClient.createClient(url, apiKey, apiSecret, http));
    }

    /**
     * The room's participants, or empty when the room no longer exists. LiveKit lists no
     * participants (rather than failing) for a room it does not have, so existence is asked too.
     */
    Optional<RoomView> view(String room) {
        // Both questions at once: a poll costs one round trip to LiveKit, not two.
        CompletableFuture<Response<List<ParticipantInfo>>> participants =
                meanwhile(() -> execute(rooms.listParticipants(room), "list participants of " + room));
        boolean exists = roomExists(room);
        Response<List<ParticipantInfo>> listed = join(participants);
        if (listed.code() == NOT_FOUND || !exists) {
            return Optional.empty();
        }
        List<ParticipantInfo> body = listed.body() == null ? List.of() : listed.body();
        return Optional.of(
                new RoomView(body.stream().map(LiveKitRooms::participant).toList()));
    }

    boolean roomExists(String room) {
        Response<List<LivekitModels.Room>> listed = execute(rooms.listRooms(List.of(room)), "list room " + room);
        if (listed.code() == NOT_FOUND) {
            return false;
        }
        List<LivekitModels.Room> body = listed.body();
        return body != null && body.stream().anyMatch(r -> room.equals(r.getName()));
    }

    /** Dispatches the agent explicitly; returns the dispatch id. */
    String createDispatch(String room, String agentName, String metadata) {
        Response<AgentDispatch> created =
                execute(dispatches.createDispatch(room, agentName, metadata), "dispatch " + agentName + " to " + room);
        if (created.code() == NOT_FOUND || created.body() == null) {
            throw new LiveKitUnavailableException(
                    "LiveKit did not create the dispatch of " + agentName + " to " + room);
        }
        return created.body().getId();
    }

    /** The explicit dispatches of a room; none when the room is gone. */
    List<Dispatch> dispatches(String room) {
        Response<List<AgentDispatch>> listed = execute(dispatches.listDispatch(room), "list dispatches of " + room);
        if (listed.code() == NOT_FOUND || listed.body() == null) {
            return List.of();
        }
        return listed.body().stream()
                .map(d -> new Dispatch(d.getId(), d.getAgentName(), d.getMetadata()))
                .toList();
    }

    /** Deletes a dispatch; one that is already gone is success. */
    void deleteDispatch(String room, String dispatchId) {
        execute(dispatches.deleteDispatch(room, dispatchId), "delete dispatch " + dispatchId + " in " + room);
    }

    /** Deletes the room, which ends the call for everyone in it; a room already gone is success. */
    void deleteRoom(String room) {
        execute(rooms.deleteRoom(room), "delete room " + room);
    }

    record Dispatch(String id, String agentName, String metadata) {}

    /**
     * Runs one LiveKit call on a virtual thread while the caller does something else (each call is
     * bounded by the client's timeouts); {@link #join} takes its answer.
     */
    static <T> CompletableFuture<T> meanwhile(Supplier<T> call) {
        return CompletableFuture.supplyAsync(call, CONCURRENT_CALLS);
    }

    /** The answer of {@link #meanwhile}; its {@link LiveKitUnavailableException} as such. */
    static <T> T join(CompletableFuture<T> answer) {
        try {
            return answer.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private static RoomView.Participant participant(ParticipantInfo info) {
        RoomView.Kind kind = switch (info.getKind()) {
            case SIP -> RoomView.Kind.SIP;
            case AGENT -> RoomView.Kind.AGENT;
            case STANDARD, INGRESS, EGRESS, CONNECTOR, BRIDGE, UNRECOGNIZED -> RoomView.Kind.OTHER;
        };
        String status = kind == RoomView.Kind.SIP ? info.getAttributesOrDefault(RoomView.CALL_STATUS, null) : null;
        boolean audioLost = kind == RoomView.Kind.AGENT
                && RoomView.AUDIO_LOST.equals(info.getAttributesOrDefault(RoomView.CALLER_AUDIO, null));
        return new RoomView.Participant(info.getIdentity(), kind, status, tickets(info), audioLost);
    }

    private static Integer tickets(ParticipantInfo info) {
        String value = info.getAttributesOrDefault(RoomView.TICKETS_CREATED, null);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            log.debug("ignoring {}={} of {}", RoomView.TICKETS_CREATED, value, info.getIdentity());
            return null;
        }
    }

    /** Runs one call; success and 404 come back, anything else is an outage. */
    private static <T> Response<T> execute(Call<T> call, String what) {
        Response<T> response;
        try {
            response = call.execute();
        } catch (IOException | RuntimeException e) {
            throw new LiveKitUnavailableException("LiveKit could not " + what + ": " + e.getMessage(), e);
        }
        if (response.isSuccessful() || response.code() == NOT_FOUND) {
            return response;
        }
        throw new LiveKitUnavailableException(
                "LiveKit could not " + what + ": HTTP " + response.code() + " " + errorBody(response));
    }

    private static String errorBody(Response<?> response) {
        try (var body = response.errorBody()) {
            return body == null ? "" : body.string();
        } catch (IOException e) {
            return "";
        }
    }
}
