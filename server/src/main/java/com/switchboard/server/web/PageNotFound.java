package com.switchboard.server.web;

/** A page for something that does not exist, or that the user may not know exists. */
public final class PageNotFound extends RuntimeException {
    public PageNotFound(String what) {
        super("not found: " + what);
    }
}
