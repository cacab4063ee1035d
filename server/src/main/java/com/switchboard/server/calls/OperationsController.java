package com.switchboard.server.calls;

import com.switchboard.server.numbers.NumberRepository;
import com.switchboard.server.security.SwitchboardUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Operations pages: calls in progress (live), the call history, analytics of a range. */
@Controller
@RequestMapping("/calls")
class OperationsController {
    private final Operations operations;
    private final NumberRepository numbers;

    OperationsController(Operations operations, NumberRepository numbers) {
        this.operations = operations;
        this.numbers = numbers;
    }

    @GetMapping
    String live(@AuthenticationPrincipal SwitchboardUser me, Model model) {
        model.addAttribute("live", operations.snapshot(me.actor(), operations.defaultZone()));
        return "calls/live";
    }

    @GetMapping("/history")
    String history(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String zone,
            @RequestParam(required = false) Long number,
            @RequestParam(defaultValue = "0") int page,
            @AuthenticationPrincipal SwitchboardUser me,
            Model model) {
        DateRange range = operations.range(from, to, zone, Operations.DEFAULT_HISTORY_DAYS);
        model.addAttribute("range", range);
        model.addAttribute("number", number);
        model.addAttribute("numbers", numbers.list(me.actor()));
        model.addAttribute("calls", operations.history(me.actor(), range, number, page, CallQuery.DEFAULT_PAGE_SIZE));
        return "calls/history";
    }

    @GetMapping("/analytics")
    String analytics(
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @RequestParam(required = false) String zone,
            @RequestParam(required = false) Long number,
            @AuthenticationPrincipal SwitchboardUser me,
            Model model) {
        DateRange range = operations.range(from, to, zone, Operations.DEFAULT_ANALYTICS_DAYS);
        CallAnalytics figures = operations.analytics(me.actor(), range, number);
        model.addAttribute("range", range);
        model.addAttribute("number", number);
        model.addAttribute("numbers", numbers.list(me.actor()));
        model.addAttribute("figures", figures);
        model.addAttribute("perDay", Charts.callsPerDay(figures));
        model.addAttribute("heatmap", Charts.busiestHours(figures));
        return "calls/analytics";
    }
}
