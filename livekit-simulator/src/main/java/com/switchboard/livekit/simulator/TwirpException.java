package com.switchboard.livekit.simulator;

/** A Twirp error: an error code and its HTTP status, sent as {@code {"code":..,"msg":..}}. */
final class TwirpException extends RuntimeException {
    private final String code;
    private final int httpStatus;

    TwirpException(String code, int httpStatus, String message) {
        super(message);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    static TwirpException notFound(String message) {
        return new TwirpException("not_found", 404, message);
    }

    static TwirpException invalidArgument(String message) {
        return new TwirpException("invalid_argument", 400, message);
    }

    static TwirpException unauthenticated(String message) {
        return new TwirpException("unauthenticated", 401, message);
    }

    static TwirpException permissionDenied(String message) {
        return new TwirpException("permission_denied", 403, message);
    }

    static TwirpException badRoute(String message) {
        return new TwirpException("bad_route", 404, message);
    }

    /** The Twirp error code that goes with an HTTP status, for injected failures. */
    static TwirpException forStatus(int httpStatus, String message) {
        String code = switch (httpStatus) {
            case 400 -> "invalid_argument";
            case 401 -> "unauthenticated";
            case 403 -> "permission_denied";
            case 404 -> "not_found";
            case 409 -> "already_exists";
            case 412 -> "failed_precondition";
            case 429 -> "resource_exhausted";
            case 501 -> "unimplemented";
            case 503 -> "unavailable";
            case 504 -> "deadline_exceeded";
            default -> "internal";
        };
        return new TwirpException(code, httpStatus, message);
    }

    String code() {
        return code;
    }

    int httpStatus() {
        return httpStatus;
    }
}
