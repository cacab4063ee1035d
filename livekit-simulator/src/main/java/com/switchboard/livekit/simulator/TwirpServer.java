package com.switchboard.livekit.simulator;

import com.auth0.jwt.JWTVerifier;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiConsumer;
import java.util.function.Function;
import livekit.LivekitAgentDispatch;
import livekit.LivekitRoom;
import livekit.LivekitSip;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LiveKit's Twirp API over HTTP: {@code POST /twirp/livekit.<Service>/<Method>} with a protobuf or
 * JSON body, a Bearer token in Authorization, and Twirp's JSON error format.
 */
final class TwirpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TwirpServer.class);
    private static final String PROTOBUF = "application/protobuf";
    private static final String JSON = "application/json";

    private final HttpServer http;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final JWTVerifier verifier;
    private final Map<String, Route<?>> routes = new HashMap<>();
    private final Map<String, Queue<Integer>> injectedFailures = new HashMap<>();
    private final Map<String, Integer> callCounts = new HashMap<>();

    TwirpServer(int port, String apiKey, String apiSecret, Rooms rooms, SipProvisioning sip) throws IOException {
        this.verifier = ApiToken.verifier(apiKey, apiSecret);
        registerRoutes(rooms, sip);
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        http.setExecutor(executor);
        http.createContext("/twirp/", this::handle);
        http.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
    }

    private void registerRoutes(Rooms rooms, SipProvisioning sip) {
        String room = "livekit.RoomService/";
        route(
                room + "CreateRoom",
                LivekitRoom.CreateRoomRequest.getDefaultInstance(),
                (t, r) -> t.requireRoomCreate(),
                rooms::createRoom);
        route(
                room + "ListRooms",
                LivekitRoom.ListRoomsRequest.getDefaultInstance(),
                (t, r) -> t.requireRoomList(),
                r -> LivekitRoom.ListRoomsResponse.newBuilder()
                        .addAllRooms(rooms.listRooms(r.getNamesList()))
                        .build());
        route(
                room + "DeleteRoom",
                LivekitRoom.DeleteRoomRequest.getDefaultInstance(),
                (t, r) -> t.requireRoomCreate(),
                r -> {
                    rooms.deleteRoom(r.getRoom());
                    return LivekitRoom.DeleteRoomResponse.getDefaultInstance();
                });
        route(
                room + "ListParticipants",
                LivekitRoom.ListParticipantsRequest.getDefaultInstance(),
                (t, r) -> t.requireRoomAdmin(r.getRoom()),
                r -> LivekitRoom.ListParticipantsResponse.newBuilder()
                        .addAllParticipants(rooms.listParticipants(r.getRoom()))
                        .build());
        route(
                room + "GetParticipant",
                LivekitRoom.RoomParticipantIdentity.getDefaultInstance(),
                (t, r) -> t.requireRoomAdmin(r.getRoom()),
                r -> rooms.getParticipant(r.getRoom(), r.getIdentity()));
        route(
                room + "RemoveParticipant",
                LivekitRoom.RoomParticipantIdentity.getDefaultInstance(),
                (t, r) -> t.requireRoomAdmin(r.getRoom()),
                r -> {
                    rooms.removeParticipant(r.getRoom(), r.getIdentity());
                    return LivekitRoom.RemoveParticipantResponse.getDefaultInstance();
                });

        String agents = "livekit.AgentDispatchService/";
        route(
                agents + "CreateDispatch",
                LivekitAgentDispatch.CreateAgentDispatchRequest.getDefaultInstance(),
                (t, r) -> t.requireRoomAdmin(r.getRoom()),
                rooms::createDispatch);
        route(
                agents + "ListDispatch",
                LivekitAgentDispatch.ListAgentDispatchRequest.getDefaultInstance(),
                (t, r) -> t.requireRoomAdmin(r.getRoom()),
                r -> LivekitAgentDispatch.ListAgentDispatchResponse.newBuilder()
                        .addAllAgentDispatches(rooms.listDispatch(r.getRoom(), r.getDispatchId()))
                        .build());
        route(
                agents + "DeleteDispatch",
                LivekitAgentDispatch.DeleteAgentDispatchRequest.getDefaultInstance(),
                (t, r) -> t.requireRoomAdmin(r.getRoom()),
                r -> rooms.deleteDispatch(r.getRoom(), r.getDispatchId()));

        String sipService = "livekit.SIP/";
        route(
                sipService + "CreateSIPInboundTrunk",
                LivekitSip.CreateSIPInboundTrunkRequest.getDefaultInstance(),
                (t, r) -> t.requireSipAdmin(),
                sip::createInboundTrunk);
        route(
                sipService + "ListSIPInboundTrunk",
                LivekitSip.ListSIPInboundTrunkRequest.getDefaultInstance(),
                (t, r) -> t.requireSipAdmin(),
                r -> LivekitSip.ListSIPInboundTrunkResponse.newBuilder()
                        .addAllItems(sip.listInboundTrunks(r))
                        .build());
        route(
                sipService + "UpdateSIPInboundTrunk",
                LivekitSip.UpdateSIPInboundTrunkRequest.getDefaultInstance(),
                (t, r) -> t.requireSipAdmin(),
                sip::updateInboundTrunk);
        route(
                sipService + "DeleteSIPTrunk",
                LivekitSip.DeleteSIPTrunkRequest.getDefaultInstance(),
                (t, r) -> t.requireSipAdmin(),
                r -> sip.deleteTrunk(r.getSipTrunkId()));
        route(
                sipService + "CreateSIPDispatchRule",
                LivekitSip.CreateSIPDispatchRuleRequest.getDefaultInstance(),
                (t, r) -> t.requireSipAdmin(),
                sip::createDispatchRule);
        route(
                sipService + "UpdateSIPDispatchRule",
                LivekitSip.UpdateSIPDispatchRuleRequest.getDefaultInstance(),
                (t, r) -> t.requireSipAdmin(),
                sip::updateDispatchRule);
        route(
                sipService + "ListSIPDispatchRule",
                LivekitSip.ListSIPDispatchRuleRequest.getDefaultInstance(),
                (t, r) -> t.requireSipAdmin(),
                r -> LivekitSip.ListSIPDispatchRuleResponse.newBuilder()
                        .addAllItems(sip.listDispatchRules(r))
                        .build());
        route(
                sipService + "DeleteSIPDispatchRule",
                LivekitSip.DeleteSIPDispatchRuleRequest.getDefaultInstance(),
                (t, r) -> t.requireSipAdmin(),
                r -> sip.deleteDispatchRule(r.getSipDispatchRuleId()));
    }

    private <R extends Message> void route(
            String path, R prototype, BiConsumer<ApiToken, R> authorize, Function<R, ? extends Message> handler) {
        routes.put("/twirp/" + path, new Route<>(prototype, authorize, handler));
    }

    /** The next {@code times} calls of {@code method} (e.g. "DeleteRoom") fail with {@code httpStatus}. */
    synchronized void failNext(String method, int httpStatus, int times) {
        Queue<Integer> queue = injectedFailures.computeIfAbsent(method, m -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            queue.add(httpStatus);
        }
    }

    synchronized int callCount(String method) {
        return callCounts.getOrDefault(method, 0);
    }

    private synchronized Integer countAndTakeFailure(String method) {
        callCounts.merge(method, 1, Integer::sum);
        Queue<Integer> queue = injectedFailures.get(method);
        return queue == null ? null : queue.poll();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                Message response = dispatch(exchange);
                String accept = contentType(exchange);
                byte[] bytes = JSON.equals(accept)
                        ? JsonFormat.printer().print(response).getBytes(StandardCharsets.UTF_8)
                        : response.toByteArray();
                exchange.getResponseHeaders().set("Content-Type", JSON.equals(accept) ? JSON : PROTOBUF);
                exchange.sendResponseHeaders(200, bytes.length == 0 ? -1 : bytes.length);
                if (bytes.length > 0) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                    }
                }
            } catch (TwirpException e) {
                sendError(exchange, e);
            } catch (RuntimeException e) {
                log.warn("simulator failed on {}", exchange.getRequestURI(), e);
                sendError(exchange, new TwirpException("internal", 500, String.valueOf(e.getMessage())));
            }
        }
    }

    private Message dispatch(HttpExchange exchange) throws IOException {
        if (!"POST".equals(exchange.getRequestMethod())) {
            throw TwirpException.badRoute("only POST is supported");
        }
        String path = exchange.getRequestURI().getPath();
        Route<?> route = routes.get(path);
        if (route == null) {
            throw TwirpException.badRoute("no handler for " + path);
        }
        return route.run(this, exchange, path.substring(path.lastIndexOf('/') + 1));
    }

    private record Route<R extends Message>(
            R prototype, BiConsumer<ApiToken, R> authorize, Function<R, ? extends Message> handler) {

        Message run(TwirpServer server, HttpExchange exchange, String method) throws IOException {
            ApiToken token = ApiToken.verify(
                    server.verifier, exchange.getRequestHeaders().getFirst("Authorization"));
            R request = parse(exchange);
            authorize.accept(token, request);
            Integer failure = server.countAndTakeFailure(method);
            if (failure != null) {
                throw TwirpException.forStatus(failure, "injected failure of " + method);
            }
            return handler.apply(request);
        }

        @SuppressWarnings("unchecked")
        private R parse(HttpExchange exchange) throws IOException {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String type = contentType(exchange);
            try {
                if (PROTOBUF.equals(type)) {
                    return (R) prototype.getParserForType().parseFrom(body);
                }
                if (JSON.equals(type)) {
                    Message.Builder builder = prototype.newBuilderForType();
                    JsonFormat.parser()
                            .ignoringUnknownFields()
                            .merge(new String(body, StandardCharsets.UTF_8), builder);
                    return (R) builder.build();
                }
            } catch (InvalidProtocolBufferException e) {
                throw new TwirpException("malformed", 400, "request body could not be decoded: " + e.getMessage());
            }
            throw TwirpException.badRoute("unexpected Content-Type: " + type);
        }
    }

    private static String contentType(HttpExchange exchange) {
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type == null) {
            return "";
        }
        int semicolon = type.indexOf(';');
        return (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    private static void sendError(HttpExchange exchange, TwirpException e) throws IOException {
        String body = "{\"code\":\"" + e.code() + "\",\"msg\":\"" + escape(e.getMessage()) + "\"}";
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", JSON);
        exchange.sendResponseHeaders(e.httpStatus(), bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String escape(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        http.stop(0);
        executor.shutdownNow();
    }
}
