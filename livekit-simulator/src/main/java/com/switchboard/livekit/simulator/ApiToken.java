package com.switchboard.livekit.simulator;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.util.Map;

/**
 * The grants of a verified API token (HS256 with the API secret, issued by the API key), as
 * LiveKit's Twirp services check them: {@code video.roomCreate}, {@code video.roomList}, {@code
 * video.roomAdmin} with {@code video.room}, {@code sip.admin}.
 */
record ApiToken(Map<String, Object> video, Map<String, Object> sip) {

    static JWTVerifier verifier(String apiKey, String apiSecret) {
        return JWT.require(Algorithm.HMAC256(apiSecret)).withIssuer(apiKey).build();
    }

    static ApiToken verify(JWTVerifier verifier, String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            throw TwirpException.unauthenticated("no authorization token");
        }
        DecodedJWT jwt;
        try {
            jwt = verifier.verify(authorization.substring("Bearer ".length()).trim());
        } catch (JWTVerificationException e) {
            throw TwirpException.unauthenticated("invalid token: " + e.getMessage());
        }
        return new ApiToken(map(jwt.getClaim("video")), map(jwt.getClaim("sip")));
    }

    private static Map<String, Object> map(Claim claim) {
        Map<String, Object> m = claim == null || claim.isMissing() || claim.isNull() ? null : claim.asMap();
        return m == null ? Map.of() : m;
    }

    void requireRoomCreate() {
        require(Boolean.TRUE.equals(video.get("roomCreate")), "roomCreate");
    }

    void requireRoomList() {
        require(Boolean.TRUE.equals(video.get("roomList")), "roomList");
    }

    void requireRoomAdmin(String room) {
        require(Boolean.TRUE.equals(video.get("roomAdmin")) && room.equals(video.get("room")), "roomAdmin on " + room);
    }

    void requireSipAdmin() {
        require(Boolean.TRUE.equals(sip.get("admin")), "sip admin");
    }

    private static void require(boolean granted, String what) {
        if (!granted) {
            throw TwirpException.permissionDenied("token lacks " + what);
        }
    }
}
