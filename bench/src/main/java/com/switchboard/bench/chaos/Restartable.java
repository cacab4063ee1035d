package com.switchboard.bench.chaos;

/** A part of the system the soak stops and starts again mid-run: the server, a GPU worker. */
public interface Restartable {
    String name();

    /** Stops it the way the soak asks (a crash or a graceful stop, as the implementation chooses). */
    void stop();

    /** Starts it again; returns once it serves (for the server: its webhook endpoint answers). */
    void start();
}
