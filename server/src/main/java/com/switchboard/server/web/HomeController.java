package com.switchboard.server.web;

import com.switchboard.server.security.SwitchboardUser;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class HomeController {
    /** Operators start at the inventory, tenants at their own numbers. */
    @GetMapping("/")
    String home(@AuthenticationPrincipal SwitchboardUser me) {
        return me.isOperator() ? "redirect:/operator/numbers" : "redirect:/numbers";
    }

    @GetMapping("/login")
    String login() {
        return "login";
    }
}
