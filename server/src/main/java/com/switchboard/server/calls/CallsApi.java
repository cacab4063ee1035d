package com.switchboard.server.calls;

import com.switchboard.server.security.SwitchboardUser;
import com.switchboard.server.web.ApiController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

@ApiController
@RequestMapping("/api/v1")
@Tag(name = "calls", description = "Calls in progress, call history and analytics (a tenant sees its own)")
public class CallsApi {
    private final Operations operations;

    CallsApi(Operations operations) {
        this.operations = operations;
    }

    @GetMapping("/calls/active")
    @Operation(summary = "Calls holding a line now")
    public List<LiveCall> active(@AuthenticationPrincipal SwitchboardUser me) {
        return operations.liveCalls(me.actor());
    }

    @GetMapping("/calls")
    @Operation(summary = "Call history, newest first; the range is whole days in the zone given")
    public CallPage history(
            @Parameter(description = "first day, YYYY-MM-DD (default: 30 days ago)") @RequestParam(required = false)
                    String from,
            @Parameter(description = "last day, included (default: today)") @RequestParam(required = false) String to,
            @Parameter(description = "IANA time zone of the days (default: the server's configured zone)")
                    @RequestParam(required = false)
                    String zone,
            @RequestParam(required = false) Long numberId,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "" + CallQuery.DEFAULT_PAGE_SIZE) int size,
            @AuthenticationPrincipal SwitchboardUser me) {
        return operations.history(
                me.actor(), operations.range(from, to, zone, Operations.DEFAULT_HISTORY_DAYS), numberId, page, size);
    }

    @GetMapping("/analytics")
    @Operation(
            summary = "Calls per day, answered calls, average duration, busy rejections and calls per hour of the"
                    + " week, cut in the zone given")
    public CallAnalytics analytics(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String zone,
            @RequestParam(required = false) Long numberId,
            @AuthenticationPrincipal SwitchboardUser me) {
        return operations.analytics(
                me.actor(), operations.range(from, to, zone, Operations.DEFAULT_ANALYTICS_DAYS), numberId);
    }
}
