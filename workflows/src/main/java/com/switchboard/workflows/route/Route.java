package com.switchboard.workflows.route;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/** Where a call goes: to an organization's agent, or nowhere. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = Route.Routed.class, name = "routed"),
    @JsonSubTypes.Type(value = Route.Unrouted.class, name = "unrouted")
})
public sealed interface Route {

    /**
     * @param organizationId the organization that owns the number now
     * @param numberId the sip_numbers row
     * @param phoneNumber the normalized number (E.164, or a short extension as dialed)
     * @param label the number's label
     * @param config the organization's config with the number's override merged on top
     * @param numberLimit concurrent calls allowed on this number
     * @param organizationLimit concurrent calls allowed for the whole organization
     */
    record Routed(
            long organizationId,
            long numberId,
            String phoneNumber,
            String label,
            AgentConfig config,
            int numberLimit,
            int organizationLimit)
            implements Route {}

    /**
     * @param normalizedNumber the number after normalization (null when it could not be parsed)
     * @param reason why: unknown, inactive, unassigned, or malformed
     */
    record Unrouted(String normalizedNumber, UnroutedReason reason) implements Route {}

    enum UnroutedReason {
        MALFORMED_NUMBER,
        UNKNOWN_NUMBER,
        UNASSIGNED_NUMBER,
        INACTIVE_NUMBER
    }
}
