package com.switchboard.server.security;

import java.time.Duration;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A person's own API tokens: create (the secret is shown once), list, revoke. */
@Controller
@RequestMapping("/account/tokens")
class TokensController {
    private final ApiTokens tokens;

    TokensController(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @GetMapping
    String list(@AuthenticationPrincipal SwitchboardUser me, Model model) {
        model.addAttribute("tokens", tokens.list(me.id()));
        return "account/tokens";
    }

    @PostMapping
    String create(
            @RequestParam(defaultValue = "") String name,
            @RequestParam(required = false) Integer validDays,
            @AuthenticationPrincipal SwitchboardUser me,
            RedirectAttributes redirect) {
        try {
            ApiTokens.Created created = tokens.create(
                    me.id(), name, validDays == null || validDays <= 0 ? null : Duration.ofDays(validDays));
            // A flash attribute lives for exactly the next request: the secret is shown once.
            redirect.addFlashAttribute("secret", created.secret());
            redirect.addFlashAttribute(
                    "message", "Created token " + created.token().name() + ".");
        } catch (UserException.InvalidValue e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/account/tokens";
    }

    @PostMapping("/{id}/revoke")
    String revoke(@PathVariable long id, @AuthenticationPrincipal SwitchboardUser me, RedirectAttributes redirect) {
        tokens.revoke(me.id(), id);
        redirect.addFlashAttribute("message", "Token revoked.");
        return "redirect:/account/tokens";
    }
}
