package com.switchboard.activities.livekit;

/**
 * A LiveKit API call that did not succeed, sorted by what the caller should do about it. Retrofit
 * returns HTTP errors as a Response instead of throwing; {@link LiveKitCalls} turns them into this.
 */
public final class LiveKitCallException extends RuntimeException {
    private final Kind kind;
    private final int httpStatus;
    private final String twirpCode;

    public enum Kind {
        /** The room, participant, trunk or rule does not exist. */
        NOT_FOUND,
        /**
         * LiveKit refused the request and will refuse it again: bad credentials, missing grant, invalid
         * argument. Retrying does not help; configuration or code must change.
         */
        REJECTED,
        /** LiveKit could not be reached, or failed on its side (5xx, 429): worth retrying. */
        UNAVAILABLE
    }

    LiveKitCallException(Kind kind, int httpStatus, String twirpCode, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.httpStatus = httpStatus;
        this.twirpCode = twirpCode;
    }

    public Kind kind() {
        return kind;
    }

    /** The HTTP status, or -1 when no answer came. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Twirp's error code (e.g. {@code not_found}, {@code unauthenticated}), or null. */
    public String twirpCode() {
        return twirpCode;
    }
}
