package com.switchboard.server.numbers;

import java.time.Instant;

/**
 * One row of a number's assignment history, written by the database whenever the number changes
 * organization.
 *
 * @param actor who made the change (a user's name, or the role when nobody was named)
 */
public record NumberAssignment(
        long id,
        long numberId,
        String phoneNumber,
        AssignmentAction action,
        Long fromOrganizationId,
        Long toOrganizationId,
        String actor,
        Instant at) {}
