package com.switchboard.server.calls;

/**
 * How busy a number is.
 *
 * @param liveCalls calls holding a line on it now
 * @param recentCalls calls to it since the instant asked for
 */
public record NumberUsage(long numberId, int liveCalls, int recentCalls) {
    public static NumberUsage none(long numberId) {
        return new NumberUsage(numberId, 0, 0);
    }
}
