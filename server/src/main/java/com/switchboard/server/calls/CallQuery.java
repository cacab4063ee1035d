package com.switchboard.server.calls;

import java.util.Objects;

/**
 * A page of the call history: calls started within {@code range}, optionally on one number, newest
 * first.
 *
 * @param page 0-based
 */
public record CallQuery(DateRange range, Long numberId, int page, int size) {
    public static final int MAX_PAGE_SIZE = 200;
    public static final int DEFAULT_PAGE_SIZE = 50;

    public CallQuery {
        Objects.requireNonNull(range, "range");
        if (page < 0) {
            throw new IllegalArgumentException("page must not be negative");
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("size must be between 1 and " + MAX_PAGE_SIZE);
        }
    }
}
