package com.switchboard.server.web;

/** A request parameter that cannot be used (a date range backwards, an unknown time zone). */
public final class BadRequest extends RuntimeException {
    public BadRequest(String message) {
        super(message);
    }
}
