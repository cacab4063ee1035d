package com.switchboard.gpu.session;

/** LiveKit did not answer, or answered with an error other than "not found". */
public final class LiveKitUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LiveKitUnavailableException(String message) {
        super(message);
    }

    LiveKitUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
