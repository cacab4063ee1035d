package com.switchboard.server.calls;

import com.switchboard.activities.db.ActingRole;
import com.switchboard.activities.db.Actor;
import com.switchboard.server.web.BadRequest;
import com.switchboard.server.web.TemporalLinks;
import com.switchboard.server.web.WebProperties;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import org.springframework.stereotype.Service;

/** Calls in progress, the history and the analytics, as the pages and the API ask for them. */
@Service
class Operations {
    static final int DEFAULT_HISTORY_DAYS = 30;
    static final int DEFAULT_ANALYTICS_DAYS = 14;

    private final CallHistoryRepository calls;
    private final AnalyticsRepository analytics;
    private final WebProperties web;
    private final TemporalLinks temporal;
    private final Clock clock = Clock.systemUTC();

    Operations(CallHistoryRepository calls, AnalyticsRepository analytics, WebProperties web, TemporalLinks temporal) {
        this.calls = calls;
        this.analytics = analytics;
        this.web = web;
        this.temporal = temporal;
    }

    ZoneId defaultZone() {
        return web.zone();
    }

    DateRange range(String from, String to, String zone, int defaultDays) {
        return RangeParameters.read(from, to, zone, web.zone(), defaultDays, clock);
    }

    List<LiveCall> liveCalls(Actor actor) {
        return calls.liveCalls(actor);
    }

    LiveSnapshot snapshot(Actor actor, ZoneId zone) {
        // Temporal UI is an operator's tool: tenants get no links into it.
        boolean links = actor.role() == ActingRole.OPERATOR && temporal.enabled();
        return LiveSnapshot.of(
                calls.liveCalls(actor),
                calls.liveCountsByNumber(actor),
                clock.instant(),
                zone,
                links ? temporal::workflow : null);
    }

    CallPage history(Actor actor, DateRange range, Long numberId, int page, int size) {
        if (page < 0 || size < 1 || size > CallQuery.MAX_PAGE_SIZE) {
            throw new BadRequest("page must be 0 or more, size between 1 and " + CallQuery.MAX_PAGE_SIZE);
        }
        return calls.history(actor, new CallQuery(range, numberId, page, size));
    }

    CallAnalytics analytics(Actor actor, DateRange range, Long numberId) {
        return analytics.analytics(actor, range, numberId);
    }
}
