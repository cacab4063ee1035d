package com.switchboard.server.embedded;

import static com.switchboard.db.Tables.CALLS;

import com.switchboard.activities.db.Actor;
import com.switchboard.activities.db.Database;
import com.switchboard.activities.ledger.LedgerRepository;
import com.switchboard.workflows.call.CallOutcome;
import com.switchboard.workflows.call.EndReason;
import com.switchboard.workflows.ledger.CloseCall;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded Temporal service keeps its state in memory, so the calls that were in progress when
 * the previous run stopped have no workflow any more, while their ledger rows survived in
 * PostgreSQL. Before new calls arrive, they are closed as failed, freeing their live counts.
 */
final class LeftoverCalls {
    private static final Logger log = LoggerFactory.getLogger(LeftoverCalls.class);

    private final Database database;
    private final LedgerRepository ledger;

    LeftoverCalls(Database database) {
        this.database = database;
        this.ledger = new LedgerRepository(database);
    }

    int close() {
        List<String> open = database.transactionResult(
                Actor.SYSTEM,
                tx -> tx.select(CALLS.WORKFLOW_ID)
                        .from(CALLS)
                        .where(CALLS.ENDED_AT.isNull())
                        .fetch(CALLS.WORKFLOW_ID));
        Instant now = Instant.now();
        int closed = 0;
        for (String workflowId : open) {
            if (ledger.close(new CloseCall(
                    workflowId, CallOutcome.FAILED, EndReason.Fixed.EMBEDDED_RESTART, null, now, null, 0))) {
                closed++;
            }
        }
        if (closed > 0) {
            log.info("closed {} calls left open by the previous run (their workflows were in memory)", closed);
        }
        return closed;
    }
}
