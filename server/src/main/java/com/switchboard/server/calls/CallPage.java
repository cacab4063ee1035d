package com.switchboard.server.calls;

import java.util.List;

/** One page of the call history, with what a pager needs. */
public record CallPage(List<CallRecord> calls, int page, int size, long total) {
    public CallPage {
        calls = List.copyOf(calls);
    }

    public int totalPages() {
        return (int) Math.max(1, (total + size - 1) / size);
    }

    public boolean hasNext() {
        return page + 1 < totalPages();
    }

    public boolean hasPrevious() {
        return page > 0;
    }
}
