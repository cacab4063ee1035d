package com.switchboard.server.fleet;

/**
 * What asking one worker for its status gave.
 *
 * @param status null when the worker did not answer usefully
 * @param error why not, or null
 */
public record WorkerReading(String url, WorkerStatus status, String error) {
    public boolean reachable() {
        return status != null;
    }
}
