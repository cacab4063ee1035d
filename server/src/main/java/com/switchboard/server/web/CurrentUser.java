package com.switchboard.server.web;

import com.switchboard.server.security.SwitchboardUser;
import java.security.Principal;
import java.time.ZoneId;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Puts the signed-in user (or null) in every page's model, for the layout's navigation, and the
 * zone pages show times in.
 */
@ControllerAdvice
class CurrentUser {
    private final ZoneId zone;

    CurrentUser(WebProperties web) {
        this.zone = web.zone();
    }

    @ModelAttribute("zone")
    ZoneId zone() {
        return zone;
    }

    @ModelAttribute("me")
    SwitchboardUser me(@AuthenticationPrincipal SwitchboardUser me) {
        return me;
    }

    /** For models built outside the advice (exception handlers). */
    static SwitchboardUser of(Principal principal) {
        return principal instanceof Authentication authentication
                        && authentication.getPrincipal() instanceof SwitchboardUser user
                ? user
                : null;
    }
}
