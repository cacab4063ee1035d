package com.switchboard.activities.route;

import static com.switchboard.db.Tables.ORGANIZATIONS;
import static com.switchboard.db.Tables.SIP_NUMBERS;

import com.switchboard.activities.config.AgentConfigCodec;
import com.switchboard.activities.config.AgentConfigMerge;
import com.switchboard.activities.config.ConfigError;
import com.switchboard.activities.db.Actor;
import com.switchboard.activities.db.Database;
import com.switchboard.workflows.route.AgentConfig;
import com.switchboard.workflows.route.Route;
import com.switchboard.workflows.route.Route.UnroutedReason;
import java.util.Optional;
import org.jooq.JSONB;
import org.jooq.Records;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a called number into a route. Acts as {@link Actor#SYSTEM}: the organization is what it
 * looks for, so it cannot yet act for one.
 */
public final class RoutingRepository {
    private static final Logger log = LoggerFactory.getLogger(RoutingRepository.class);

    private final Database database;
    private final PhoneNumbers phoneNumbers;

    public RoutingRepository(Database database, PhoneNumbers phoneNumbers) {
        this.database = database;
        this.phoneNumbers = phoneNumbers;
    }

    /** The number's row joined with its organization (null columns when unassigned). */
    private record NumberRow(
            long numberId,
            String phoneNumber,
            Long organizationId,
            String label,
            JSONB configOverride,
            boolean active,
            int numberLimit,
            JSONB organizationConfig,
            Integer organizationLimit) {}

    public Route route(String calledNumber) {
        String number = switch (phoneNumbers.normalize(calledNumber)) {
            case NormalizedNumber.E164 e164 -> e164.number();
            case NormalizedNumber.Extension extension -> extension.number();
            case NormalizedNumber.Malformed malformed -> {
                log.info("unroutable called number: {}", malformed.reason());
                yield null;
            }
        };
        if (number == null) {
            return new Route.Unrouted(null, UnroutedReason.MALFORMED_NUMBER);
        }
        Optional<NumberRow> found = database.transactionResult(
                Actor.SYSTEM,
                tx -> tx.select(
                                SIP_NUMBERS.ID,
                                SIP_NUMBERS.PHONE_NUMBER,
                                SIP_NUMBERS.ORGANIZATION_ID,
                                SIP_NUMBERS.LABEL,
                                SIP_NUMBERS.CONFIG_OVERRIDE,
                                SIP_NUMBERS.ACTIVE,
                                SIP_NUMBERS.MAX_CONCURRENT_CALLS,
                                ORGANIZATIONS.AGENT_CONFIG,
                                ORGANIZATIONS.MAX_CONCURRENT_CALLS)
                        .from(SIP_NUMBERS)
                        .leftJoin(ORGANIZATIONS)
                        .on(ORGANIZATIONS.ID.eq(SIP_NUMBERS.ORGANIZATION_ID))
                        .where(SIP_NUMBERS.PHONE_NUMBER.eq(number))
                        .fetchOptional(Records.mapping(NumberRow::new)));
        if (found.isEmpty()) {
            return new Route.Unrouted(number, UnroutedReason.UNKNOWN_NUMBER);
        }
        NumberRow row = found.get();
        if (row.organizationId() == null) {
            return new Route.Unrouted(number, UnroutedReason.UNASSIGNED_NUMBER);
        }
        if (!row.active()) {
            return new Route.Unrouted(number, UnroutedReason.INACTIVE_NUMBER);
        }
        AgentConfig organizationConfig =
                stored(row.organizationConfig(), "organization " + row.organizationId() + " agent_config");
        AgentConfig override = stored(row.configOverride(), "number " + row.numberId() + " config_override");
        return new Route.Routed(
                row.organizationId(),
                row.numberId(),
                row.phoneNumber(),
                row.label(),
                AgentConfigMerge.merge(organizationConfig, override),
                row.numberLimit(),
                row.organizationLimit());
    }

    /**
     * A stored document, read leniently: it was validated when saved, and if a key fails now (a
     * hand edit, a rule tightened since), the call still goes through with the inherited value.
     */
    private static AgentConfig stored(JSONB json, String where) {
        AgentConfigCodec.Parsed parsed = AgentConfigCodec.parseLenient(json == null ? "{}" : json.data());
        for (ConfigError error : parsed.errors()) {
            log.warn("{}: skipping invalid key {}", where, error);
        }
        return parsed.config();
    }
}
