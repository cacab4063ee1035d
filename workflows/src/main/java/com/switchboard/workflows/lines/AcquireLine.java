package com.switchboard.workflows.lines;

/**
 * A call asking for a line of its organization.
 *
 * @param callWorkflowId the asking call; acquiring twice with the same id is answered the same
 * @param organizationId the organization whose semaphore is asked
 * @param numberId the dialed number; at most {@code numberLimit} calls hold a line on it
 * @param numberLimit the number's concurrent-call limit at routing time
 * @param organizationLimit the organization's concurrent-call limit at routing time
 */
public record AcquireLine(
        String callWorkflowId, long organizationId, long numberId, int numberLimit, int organizationLimit) {}
