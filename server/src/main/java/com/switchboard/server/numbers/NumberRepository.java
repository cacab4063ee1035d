package com.switchboard.server.numbers;

import static com.switchboard.db.Tables.NUMBER_ASSIGNMENTS;
import static com.switchboard.db.Tables.ORGANIZATIONS;
import static com.switchboard.db.Tables.SIP_NUMBERS;
import static org.jooq.impl.DSL.currentInstant;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.when;

import com.switchboard.activities.config.AgentConfigCodec;
import com.switchboard.activities.config.ConfigError;
import com.switchboard.activities.db.ActingRole;
import com.switchboard.activities.db.Actor;
import com.switchboard.activities.db.Database;
import com.switchboard.activities.route.MalformedNumberException;
import com.switchboard.activities.route.NormalizedNumber;
import com.switchboard.activities.route.PhoneNumbers;
import com.switchboard.db.tables.records.SipNumbersRecord;
import com.switchboard.server.db.Constraints;
import com.switchboard.server.db.RolePolicy;
import com.switchboard.server.text.FreeText;
import com.switchboard.workflows.route.AgentConfig;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record1;
import org.jooq.SelectField;
import org.jooq.UpdateSetMoreStep;
import org.jooq.exception.DataAccessException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The number inventory, for operators (add, assign, limits) and tenant administrators (label,
 * override, on/off). Every call acts as an {@link Actor}; row-level security decides what a tenant
 * sees, and the role checks here only turn a refusal the database would make anyway into a clear
 * error.
 */
public final class NumberRepository {
    private static final Logger log = LoggerFactory.getLogger(NumberRepository.class);

    public static final int MAX_LABEL_CHARS = 100;
    public static final int MAX_CONCURRENT_CALLS_LIMIT = 10_000;
    private static final int MAX_ECHOED_INPUT_CHARS = 64;
    private static final JSONB NO_OVERRIDE = JSONB.valueOf("{}");

    private static final SelectField<SipNumber> NUMBER = row(
                    SIP_NUMBERS.ID,
                    SIP_NUMBERS.PHONE_NUMBER,
                    SIP_NUMBERS.ORGANIZATION_ID,
                    SIP_NUMBERS.LABEL,
                    SIP_NUMBERS.CONFIG_OVERRIDE.convertFrom(NumberRepository::storedOverride),
                    SIP_NUMBERS.ACTIVE,
                    SIP_NUMBERS.MAX_CONCURRENT_CALLS,
                    SIP_NUMBERS.ASSIGNED_BY,
                    SIP_NUMBERS.ASSIGNED_AT,
                    SIP_NUMBERS.CREATED_AT,
                    SIP_NUMBERS.UPDATED_AT)
            .mapping(SipNumber::new);

    private static final SelectField<NumberAssignment> ASSIGNMENT = row(
                    NUMBER_ASSIGNMENTS.ID,
                    NUMBER_ASSIGNMENTS.SIP_NUMBER_ID,
                    NUMBER_ASSIGNMENTS.PHONE_NUMBER,
                    NUMBER_ASSIGNMENTS.ACTION.convertFrom(AssignmentAction::fromDb),
                    NUMBER_ASSIGNMENTS.FROM_ORGANIZATION_ID,
                    NUMBER_ASSIGNMENTS.TO_ORGANIZATION_ID,
                    NUMBER_ASSIGNMENTS.ACTOR,
                    NUMBER_ASSIGNMENTS.AT)
            .mapping(NumberAssignment::new);

    private final Database database;
    private final PhoneNumbers phoneNumbers;

    public NumberRepository(Database database, PhoneNumbers phoneNumbers) {
        this.database = database;
        this.phoneNumbers = phoneNumbers;
    }

    /** Adds one number; see {@link #addAll}. */
    public SipNumber add(Actor actor, NewNumber number) {
        return addAll(actor, List.of(number)).getFirst();
    }

    /**
     * Adds numbers to the inventory, all or none. Each is normalized first, so the same number
     * written two ways is one number and the second is refused as a duplicate.
     */
    public List<SipNumber> addAll(Actor actor, List<NewNumber> numbers) {
        requireOperator(actor, "add numbers");
        List<String> normalized = new ArrayList<>();
        Set<String> inBatch = new LinkedHashSet<>();
        List<String> repeated = new ArrayList<>();
        for (NewNumber number : numbers) {
            String phoneNumber = forInventory(number.number());
            checkLabel(number.label());
            checkLimit(number.maxConcurrentCalls());
            if (!inBatch.add(phoneNumber)) {
                repeated.add(phoneNumber);
            }
            normalized.add(phoneNumber);
        }
        if (!repeated.isEmpty()) {
            throw new NumberException.Duplicate(repeated);
        }
        List<String> existing = existing(actor, normalized);
        if (!existing.isEmpty()) {
            throw new NumberException.Duplicate(existing);
        }
        return translated(
                () -> database.transactionResult(actor, tx -> {
                    List<SipNumber> added = new ArrayList<>();
                    for (int i = 0; i < numbers.size(); i++) {
                        NewNumber number = numbers.get(i);
                        boolean assigned = number.organizationId() != null;
                        added.add(tx.insertInto(SIP_NUMBERS)
                                .set(SIP_NUMBERS.PHONE_NUMBER, normalized.get(i))
                                .set(SIP_NUMBERS.ORGANIZATION_ID, number.organizationId())
                                .set(SIP_NUMBERS.LABEL, number.label())
                                .set(SIP_NUMBERS.MAX_CONCURRENT_CALLS, number.maxConcurrentCalls())
                                .set(SIP_NUMBERS.ASSIGNED_BY, assigned ? actor.name() : null)
                                .set(
                                        SIP_NUMBERS.ASSIGNED_AT,
                                        assigned ? currentInstant() : inline(null, SIP_NUMBERS.ASSIGNED_AT))
                                .returningResult(NUMBER)
                                .fetchSingle(Record1::value1));
                    }
                    return added;
                }),
                // Another operator added one of them between the check and the insert.
                () -> new NumberException.Duplicate(existing(actor, normalized)),
                () -> new NumberException.UnknownOrganization(missingOrganization(actor, numbers)));
    }

    /**
     * Assigns a number to an organization, or moves it from its current one. Assigning it where it
     * already is changes nothing. The database writes the audit row.
     */
    public SipNumber assign(Actor actor, long numberId, long organizationId) {
        requireOperator(actor, "assign numbers");
        return translated(
                () -> database.transactionResult(actor, tx -> {
                    UpdateSetMoreStep<SipNumbersRecord> update = tx.update(SIP_NUMBERS)
                            .set(SIP_NUMBERS.ORGANIZATION_ID, organizationId)
                            .set(SIP_NUMBERS.ASSIGNED_BY, actor.name())
                            .set(SIP_NUMBERS.ASSIGNED_AT, currentInstant())
                            .set(SIP_NUMBERS.UPDATED_AT, currentInstant())
                            // The previous tenant's label and agent override (its prompt, its
                            // greeting) must not follow the number to the next tenant; an
                            // operator's label on inventory stays.
                            .set(
                                    SIP_NUMBERS.LABEL,
                                    when(SIP_NUMBERS.ORGANIZATION_ID.isNull(), SIP_NUMBERS.LABEL)
                                            .otherwise(inline("")))
                            .set(
                                    SIP_NUMBERS.CONFIG_OVERRIDE,
                                    when(SIP_NUMBERS.ORGANIZATION_ID.isNull(), SIP_NUMBERS.CONFIG_OVERRIDE)
                                            .otherwise(inline(NO_OVERRIDE)));
                    Optional<SipNumber> moved = update.where(SIP_NUMBERS.ID.eq(numberId))
                            .and(SIP_NUMBERS.ORGANIZATION_ID.isDistinctFrom(organizationId))
                            .returningResult(NUMBER)
                            .fetchOptional(Record1::value1);
                    return moved.orElseGet(
                            () -> findIn(tx, numberId).orElseThrow(() -> new NumberException.NotFound(numberId)));
                }),
                () -> new IllegalStateException("assigning cannot duplicate a number"),
                () -> new NumberException.UnknownOrganization(organizationId));
    }

    /** Returns a number to the inventory, clearing what its organization set on it. */
    public SipNumber unassign(Actor actor, long numberId) {
        requireOperator(actor, "unassign numbers");
        return database.transactionResult(actor, tx -> {
            Optional<SipNumber> released = tx.update(SIP_NUMBERS)
                    .set(SIP_NUMBERS.ORGANIZATION_ID, (Long) null)
                    .set(SIP_NUMBERS.ASSIGNED_BY, (String) null)
                    .set(SIP_NUMBERS.ASSIGNED_AT, inline(null, SIP_NUMBERS.ASSIGNED_AT))
                    .set(SIP_NUMBERS.LABEL, "")
                    .set(SIP_NUMBERS.CONFIG_OVERRIDE, NO_OVERRIDE)
                    .set(SIP_NUMBERS.UPDATED_AT, currentInstant())
                    .where(SIP_NUMBERS.ID.eq(numberId))
                    .and(SIP_NUMBERS.ORGANIZATION_ID.isNotNull())
                    .returningResult(NUMBER)
                    .fetchOptional(Record1::value1);
            return released.orElseGet(
                    () -> findIn(tx, numberId).orElseThrow(() -> new NumberException.NotFound(numberId)));
        });
    }

    /** Every number the actor may see (a tenant: its own), by number. */
    public List<SipNumber> list(Actor actor) {
        return database.transactionResult(
                actor,
                tx -> tx.select(NUMBER)
                        .from(SIP_NUMBERS)
                        .orderBy(SIP_NUMBERS.PHONE_NUMBER)
                        .fetch(Record1::value1));
    }

    /** The numbers of one organization (empty for a tenant asking about another). */
    public List<SipNumber> listForOrganization(Actor actor, long organizationId) {
        return database.transactionResult(
                actor,
                tx -> tx.select(NUMBER)
                        .from(SIP_NUMBERS)
                        .where(SIP_NUMBERS.ORGANIZATION_ID.eq(organizationId))
                        .orderBy(SIP_NUMBERS.PHONE_NUMBER)
                        .fetch(Record1::value1));
    }

    public Optional<SipNumber> find(Actor actor, long numberId) {
        return database.transactionResult(actor, tx -> findIn(tx, numberId));
    }

    /**
     * Finds a number written in any format. Looks up as routing does (a number outside the known
     * ranges may still be stored), so it refuses only what is no number at all.
     */
    public Optional<SipNumber> findByNumber(Actor actor, String dialed) {
        String phoneNumber = switch (phoneNumbers.normalize(dialed)) {
            case NormalizedNumber.E164 e164 -> e164.number();
            case NormalizedNumber.Extension extension -> extension.number();
            case NormalizedNumber.Malformed malformed ->
                throw new NumberException.Malformed(echo(dialed), malformed.reason());
        };
        return database.transactionResult(
                actor,
                tx -> tx.select(NUMBER)
                        .from(SIP_NUMBERS)
                        .where(SIP_NUMBERS.PHONE_NUMBER.eq(phoneNumber))
                        .fetchOptional(Record1::value1));
    }

    /**
     * Changes a number's label, agent override or on/off switch. Tenant administrators may do this
     * on their own numbers; the override is validated here, when it is saved, not when a call comes.
     *
     * @throws com.switchboard.activities.config.InvalidAgentConfigException naming every bad key
     */
    public SipNumber update(Actor actor, long numberId, NumberChanges changes) {
        if (actor.role() == ActingRole.TENANT_VIEWER) {
            throw new NumberException.NotPermitted("a viewer cannot change numbers");
        }
        if (changes.label() != null) {
            checkLabel(changes.label());
        }
        JSONB override = changes.configOverride() == null
                ? null
                : JSONB.valueOf(AgentConfigCodec.canonicalize(changes.configOverride()));
        return database.transactionResult(actor, tx -> {
            UpdateSetMoreStep<SipNumbersRecord> update =
                    tx.update(SIP_NUMBERS).set(SIP_NUMBERS.UPDATED_AT, currentInstant());
            if (changes.label() != null) {
                update = update.set(SIP_NUMBERS.LABEL, changes.label());
            }
            if (override != null) {
                update = update.set(SIP_NUMBERS.CONFIG_OVERRIDE, override);
            }
            if (changes.active() != null) {
                update = update.set(SIP_NUMBERS.ACTIVE, changes.active());
            }
            return update.where(SIP_NUMBERS.ID.eq(numberId))
                    .returningResult(NUMBER)
                    .fetchOptional(Record1::value1)
                    .orElseThrow(() -> new NumberException.NotFound(numberId));
        });
    }

    /** Sets how many calls a number carries at once (operators only: it is what the tenant pays for). */
    public SipNumber updateLimit(Actor actor, long numberId, int maxConcurrentCalls) {
        requireOperator(actor, "change a number's limit");
        checkLimit(maxConcurrentCalls);
        return database.transactionResult(
                actor,
                tx -> tx.update(SIP_NUMBERS)
                        .set(SIP_NUMBERS.MAX_CONCURRENT_CALLS, maxConcurrentCalls)
                        .set(SIP_NUMBERS.UPDATED_AT, currentInstant())
                        .where(SIP_NUMBERS.ID.eq(numberId))
                        .returningResult(NUMBER)
                        .fetchOptional(Record1::value1)
                        .orElseThrow(() -> new NumberException.NotFound(numberId)));
    }

    /**
     * A number's assignments, oldest first. A tenant sees the rows that moved the number to or from
     * itself, never where it went afterwards.
     */
    public List<NumberAssignment> history(Actor actor, long numberId) {
        return database.transactionResult(
                actor,
                tx -> tx.select(ASSIGNMENT)
                        .from(NUMBER_ASSIGNMENTS)
                        .where(NUMBER_ASSIGNMENTS.SIP_NUMBER_ID.eq(numberId))
                        .orderBy(NUMBER_ASSIGNMENTS.AT, NUMBER_ASSIGNMENTS.ID)
                        .fetch(Record1::value1));
    }

    private static Optional<SipNumber> findIn(DSLContext tx, long numberId) {
        return tx.select(NUMBER)
                .from(SIP_NUMBERS)
                .where(SIP_NUMBERS.ID.eq(numberId))
                .fetchOptional(Record1::value1);
    }

    private List<String> existing(Actor actor, List<String> phoneNumbers) {
        return database.transactionResult(
                actor,
                tx -> tx.select(SIP_NUMBERS.PHONE_NUMBER)
                        .from(SIP_NUMBERS)
                        .where(SIP_NUMBERS.PHONE_NUMBER.in(phoneNumbers))
                        .orderBy(SIP_NUMBERS.PHONE_NUMBER)
                        .fetch(SIP_NUMBERS.PHONE_NUMBER));
    }

    private long missingOrganization(Actor actor, List<NewNumber> numbers) {
        List<Long> wanted = numbers.stream()
                .map(NewNumber::organizationId)
                .filter(id -> id != null)
                .distinct()
                .toList();
        List<Long> present = database.transactionResult(
                actor,
                tx -> tx.select(ORGANIZATIONS.ID)
                        .from(ORGANIZATIONS)
                        .where(ORGANIZATIONS.ID.in(wanted))
                        .fetch(ORGANIZATIONS.ID));
        return wanted.stream().filter(id -> !present.contains(id)).findFirst().orElse(-1L);
    }

    private String forInventory(String dialed) {
        try {
            return phoneNumbers.forInventory(dialed);
        } catch (MalformedNumberException e) {
            throw new NumberException.Malformed(echo(dialed), e.reason());
        }
    }

    private static void requireOperator(Actor actor, String what) {
        RolePolicy.operatorOnly(actor, what).ifPresent(refusal -> {
            throw new NumberException.NotPermitted(refusal);
        });
    }

    private static void checkLabel(String label) {
        FreeText.problem(label, MAX_LABEL_CHARS).ifPresent(problem -> {
            throw new NumberException.InvalidValue("label", problem);
        });
    }

    private static void checkLimit(int maxConcurrentCalls) {
        if (maxConcurrentCalls < 0 || maxConcurrentCalls > MAX_CONCURRENT_CALLS_LIMIT) {
            throw new NumberException.InvalidValue(
                    "maxConcurrentCalls", "must be between 0 and " + MAX_CONCURRENT_CALLS_LIMIT);
        }
    }

    /**
     * Runs {@code work}, turning the two constraint violations an operator can cause into typed
     * errors: the unique number index, and a foreign key to an organization that does not exist.
     */
    private static <T> T translated(
            Supplier<T> work,
            Supplier<RuntimeException> onDuplicate,
            Supplier<RuntimeException> onUnknownOrganization) {
        try {
            return work.get();
        } catch (DataAccessException e) {
            if (Constraints.violated(e, "sip_numbers_phone_number_key")) {
                throw onDuplicate.get();
            }
            if (Constraints.violated(e, "sip_numbers_organization_id_fkey")) {
                throw onUnknownOrganization.get();
            }
            throw e;
        }
    }

    private static String echo(String input) {
        return FreeText.echo(input, MAX_ECHOED_INPUT_CHARS);
    }

    /** Overrides were validated when saved; one that fails now is shown without its bad keys. */
    private static AgentConfig storedOverride(JSONB json) {
        AgentConfigCodec.Parsed parsed = AgentConfigCodec.parseLenient(json == null ? "{}" : json.data());
        for (ConfigError error : parsed.errors()) {
            log.warn("stored config_override has an invalid key: {}", error);
        }
        return parsed.config();
    }
}
