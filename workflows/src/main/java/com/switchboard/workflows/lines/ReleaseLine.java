package com.switchboard.workflows.lines;

/** Gives a call's line back; releasing a line that is not held does nothing. */
public record ReleaseLine(String callWorkflowId, long organizationId) {}
