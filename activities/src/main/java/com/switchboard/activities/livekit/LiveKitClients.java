package com.switchboard.activities.livekit;

import io.livekit.server.AccessToken;
import io.livekit.server.AgentDispatchServiceClient;
import io.livekit.server.RoomServiceClient;
import io.livekit.server.SIPAdmin;
import io.livekit.server.SipService;
import io.livekit.server.SipServiceClient;
import io.livekit.server.okhttp.OkHttpHolder;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;
import retrofit2.Retrofit;
import retrofit2.converter.protobuf.ProtoConverterFactory;

/**
 * The LiveKit SDK clients of one LiveKit deployment, sharing one HTTP client with bounded timeouts
 * (an activity must fail, not hang, when LiveKit does not answer).
 */
public final class LiveKitClients implements AutoCloseable {
    private final LiveKitSettings settings;
    private final OkHttpClient http;
    private final RoomServiceClient rooms;
    private final AgentDispatchServiceClient agentDispatch;
    private final SipServiceClient sip;
    private final SipService sipService;

    private LiveKitClients(LiveKitSettings settings, OkHttpClient http) {
        this.settings = settings;
        this.http = http;
        String host = settings.url().toString();
        OkHttpHolder holder = new OkHttpHolder(http);
        this.rooms = RoomServiceClient.createClient(host, settings.apiKey(), settings.apiSecret(), holder);
        this.agentDispatch =
                AgentDispatchServiceClient.createClient(host, settings.apiKey(), settings.apiSecret(), holder);
        this.sip = SipServiceClient.createClient(host, settings.apiKey(), settings.apiSecret(), holder);
        this.sipService = new Retrofit.Builder()
                .baseUrl(host)
                .addConverterFactory(ProtoConverterFactory.create())
                .client(http)
                .build()
                .create(SipService.class);
    }

    public static LiveKitClients create(LiveKitSettings settings) {
        return new LiveKitClients(
                settings,
                new OkHttpClient.Builder()
                        .connectTimeout(Duration.ofSeconds(5))
                        .readTimeout(Duration.ofSeconds(10))
                        .callTimeout(Duration.ofSeconds(15))
                        .build());
    }

    public LiveKitSettings settings() {
        return settings;
    }

    public RoomServiceClient rooms() {
        return rooms;
    }

    public AgentDispatchServiceClient agentDispatch() {
        return agentDispatch;
    }

    public SipServiceClient sip() {
        return sip;
    }

    /**
     * The raw SIP service, for what the SDK client cannot express: replacing a trunk or rule whole
     * (the SDK's list updates cannot empty a list, and an update cannot remove a room config).
     * Requests need {@link #sipAdminAuthorization()}.
     */
    public SipService sipService() {
        return sipService;
    }

    /** A short-lived Bearer token with the SIP admin grant. */
    public String sipAdminAuthorization() {
        AccessToken token = new AccessToken(settings.apiKey(), settings.apiSecret());
        token.setTtl(Duration.ofMinutes(10).toMillis());
        token.addSIPGrants(List.of(new SIPAdmin(true)));
        return "Bearer " + token.toJwt();
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
