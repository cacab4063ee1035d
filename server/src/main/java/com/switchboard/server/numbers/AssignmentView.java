package com.switchboard.server.numbers;

import java.time.Instant;

/**
 * One row of a number's assignment history, with organization names.
 *
 * @param fromOrganization the organization's name, or null (from the inventory)
 * @param toOrganization the organization's name, or null (back to the inventory)
 * @param actor who made the change
 */
public record AssignmentView(
        AssignmentAction action,
        Long fromOrganizationId,
        String fromOrganization,
        Long toOrganizationId,
        String toOrganization,
        String actor,
        Instant at) {}
