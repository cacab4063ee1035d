package com.switchboard.workflows.lines;

/** The semaphore's answer; it never makes a caller wait. */
public enum LineDecision {
    GRANTED,
    /** The dialed number already carries its limit of calls. */
    BUSY_NUMBER,
    /** The organization already carries its limit of calls. */
    BUSY_ORGANIZATION
}
