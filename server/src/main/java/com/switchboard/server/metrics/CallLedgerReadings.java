package com.switchboard.server.metrics;

import static com.switchboard.db.Tables.ACTIVE_CALLS;
import static com.switchboard.db.Tables.CALLS;
import static com.switchboard.db.Tables.ORGANIZATIONS;
import static org.jooq.impl.DSL.count;

import com.switchboard.activities.db.Actor;
import com.switchboard.activities.db.Database;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.Records;

/** What the metrics read from the call ledger, as the control plane itself ({@link Actor#SYSTEM}). */
final class CallLedgerReadings {
    private final Database database;

    CallLedgerReadings(Database database) {
        this.database = database;
    }

    /** One call's row: its organization, times and outcome (null while open). */
    record CallRow(Long organizationId, Instant startedAt, Instant answeredAt, String outcome) {}

    /** One organization's calls holding a line now. */
    record OrganizationLoad(long organizationId, String slug, int activeCalls) {}

    Optional<CallRow> call(String workflowId) {
        return database.transactionResult(
                Actor.SYSTEM,
                tx -> tx.select(CALLS.ORGANIZATION_ID, CALLS.STARTED_AT, CALLS.ANSWERED_AT, CALLS.OUTCOME)
                        .from(CALLS)
                        .where(CALLS.WORKFLOW_ID.eq(workflowId))
                        .fetchOptional(Records.mapping(CallRow::new)));
    }

    /** Every organization, those without calls included, so that their gauge reads 0 rather than vanishing. */
    List<OrganizationLoad> activeCallsPerOrganization() {
        return database.transactionResult(
                Actor.SYSTEM,
                tx -> tx.select(ORGANIZATIONS.ID, ORGANIZATIONS.SLUG, count(ACTIVE_CALLS.ID))
                        .from(ORGANIZATIONS)
                        .leftJoin(ACTIVE_CALLS)
                        .on(ACTIVE_CALLS.ORGANIZATION_ID.eq(ORGANIZATIONS.ID))
                        .groupBy(ORGANIZATIONS.ID, ORGANIZATIONS.SLUG)
                        .orderBy(ORGANIZATIONS.ID)
                        .fetch(Records.mapping(OrganizationLoad::new)));
    }
}
