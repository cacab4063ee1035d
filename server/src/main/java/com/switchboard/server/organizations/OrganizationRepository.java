package com.switchboard.server.organizations;

import static com.switchboard.db.Tables.ORGANIZATIONS;
import static org.jooq.impl.DSL.currentInstant;
import static org.jooq.impl.DSL.row;

import com.switchboard.activities.config.AgentConfigCodec;
import com.switchboard.activities.config.ConfigError;
import com.switchboard.activities.db.Actor;
import com.switchboard.activities.db.Database;
import com.switchboard.server.db.Constraints;
import com.switchboard.server.db.RolePolicy;
import com.switchboard.server.text.FreeText;
import com.switchboard.workflows.route.AgentConfig;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jooq.JSONB;
import org.jooq.Record1;
import org.jooq.SelectField;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Organizations: operators create them and set their limit and base agent config; a tenant reads
 * its own (row-level security hides the others).
 */
public final class OrganizationRepository {
    private static final Logger log = LoggerFactory.getLogger(OrganizationRepository.class);

    public static final int MAX_NAME_CHARS = 200;
    public static final int MAX_CONCURRENT_CALLS_LIMIT = 100_000;
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");

    private static final SelectField<Organization> ORGANIZATION = row(
                    ORGANIZATIONS.ID,
                    ORGANIZATIONS.SLUG,
                    ORGANIZATIONS.NAME,
                    ORGANIZATIONS.AGENT_CONFIG.convertFrom(OrganizationRepository::storedConfig),
                    ORGANIZATIONS.MAX_CONCURRENT_CALLS,
                    ORGANIZATIONS.CREATED_AT,
                    ORGANIZATIONS.UPDATED_AT)
            .mapping(Organization::new);

    private final Database database;

    public OrganizationRepository(Database database) {
        this.database = database;
    }

    /**
     * @throws com.switchboard.activities.config.InvalidAgentConfigException naming every bad key
     */
    public Organization create(Actor actor, NewOrganization organization) {
        requireOperator(actor, "create organizations");
        checkSlug(organization.slug());
        checkName(organization.name());
        checkLimit(organization.maxConcurrentCalls());
        JSONB config = JSONB.valueOf(AgentConfigCodec.canonicalize(organization.agentConfig()));
        try {
            return database.transactionResult(
                    actor,
                    tx -> tx.insertInto(ORGANIZATIONS)
                            .set(ORGANIZATIONS.SLUG, organization.slug())
                            .set(ORGANIZATIONS.NAME, organization.name())
                            .set(ORGANIZATIONS.AGENT_CONFIG, config)
                            .set(ORGANIZATIONS.MAX_CONCURRENT_CALLS, organization.maxConcurrentCalls())
                            .returningResult(ORGANIZATION)
                            .fetchSingle(Record1::value1));
        } catch (DataAccessException e) {
            if (Constraints.violated(e, "organizations_slug_key")) {
                throw new OrganizationException.DuplicateSlug(organization.slug());
            }
            throw e;
        }
    }

    /** Sets how many calls the whole organization may carry at once. */
    public Organization updateLimit(Actor actor, long organizationId, int maxConcurrentCalls) {
        requireOperator(actor, "change an organization's limit");
        checkLimit(maxConcurrentCalls);
        return database.transactionResult(
                actor,
                tx -> tx.update(ORGANIZATIONS)
                        .set(ORGANIZATIONS.MAX_CONCURRENT_CALLS, maxConcurrentCalls)
                        .set(ORGANIZATIONS.UPDATED_AT, currentInstant())
                        .where(ORGANIZATIONS.ID.eq(organizationId))
                        .returningResult(ORGANIZATION)
                        .fetchOptional(Record1::value1)
                        .orElseThrow(() -> new OrganizationException.NotFound(organizationId)));
    }

    /**
     * Replaces the organization's base agent config with a whole document.
     *
     * @throws com.switchboard.activities.config.InvalidAgentConfigException naming every bad key
     */
    public Organization updateConfig(Actor actor, long organizationId, String agentConfig) {
        requireOperator(actor, "change an organization's agent config");
        JSONB config = JSONB.valueOf(AgentConfigCodec.canonicalize(agentConfig));
        return database.transactionResult(
                actor,
                tx -> tx.update(ORGANIZATIONS)
                        .set(ORGANIZATIONS.AGENT_CONFIG, config)
                        .set(ORGANIZATIONS.UPDATED_AT, currentInstant())
                        .where(ORGANIZATIONS.ID.eq(organizationId))
                        .returningResult(ORGANIZATION)
                        .fetchOptional(Record1::value1)
                        .orElseThrow(() -> new OrganizationException.NotFound(organizationId)));
    }

    public Optional<Organization> find(Actor actor, long organizationId) {
        return database.transactionResult(
                actor,
                tx -> tx.select(ORGANIZATION)
                        .from(ORGANIZATIONS)
                        .where(ORGANIZATIONS.ID.eq(organizationId))
                        .fetchOptional(Record1::value1));
    }

    public Optional<Organization> findBySlug(Actor actor, String slug) {
        return database.transactionResult(
                actor,
                tx -> tx.select(ORGANIZATION)
                        .from(ORGANIZATIONS)
                        .where(ORGANIZATIONS.SLUG.eq(slug))
                        .fetchOptional(Record1::value1));
    }

    /** Every organization the actor may see (a tenant: its own), by name. */
    public List<Organization> list(Actor actor) {
        return database.transactionResult(
                actor,
                tx -> tx.select(ORGANIZATION)
                        .from(ORGANIZATIONS)
                        .orderBy(ORGANIZATIONS.NAME, ORGANIZATIONS.ID)
                        .fetch(Record1::value1));
    }

    private static void requireOperator(Actor actor, String what) {
        RolePolicy.operatorOnly(actor, what).ifPresent(refusal -> {
            throw new OrganizationException.NotPermitted(refusal);
        });
    }

    private static void checkSlug(String slug) {
        if (slug == null || !SLUG.matcher(slug).matches()) {
            throw new OrganizationException.InvalidValue(
                    "slug", "must be 1 to 63 lower-case letters, digits and '-', starting with a letter or digit");
        }
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank()) {
            throw new OrganizationException.InvalidValue("name", "must not be blank");
        }
        FreeText.problem(name, MAX_NAME_CHARS).ifPresent(problem -> {
            throw new OrganizationException.InvalidValue("name", problem);
        });
    }

    private static void checkLimit(int maxConcurrentCalls) {
        if (maxConcurrentCalls < 0 || maxConcurrentCalls > MAX_CONCURRENT_CALLS_LIMIT) {
            throw new OrganizationException.InvalidValue(
                    "maxConcurrentCalls", "must be between 0 and " + MAX_CONCURRENT_CALLS_LIMIT);
        }
    }

    private static AgentConfig storedConfig(JSONB json) {
        AgentConfigCodec.Parsed parsed = AgentConfigCodec.parseLenient(json == null ? "{}" : json.data());
        for (ConfigError error : parsed.errors()) {
            log.warn("stored agent_config has an invalid key: {}", error);
        }
        return parsed.config();
    }
}
