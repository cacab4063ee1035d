package com.switchboard.server.numbers;

import com.switchboard.server.security.Roles;
import com.switchboard.server.security.SwitchboardUser;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The operator's inventory: every number of every tenant, adding numbers, assigning, reassigning and
 * unassigning them (the database writes the audit row of each move), a number's history.
 */
@Controller
@RequestMapping("/operator/numbers")
@PreAuthorize(Roles.IS_OPERATOR)
public class OperatorNumbersController {
    private final NumberService numbers;

    OperatorNumbersController(NumberService numbers) {
        this.numbers = numbers;
    }

    @GetMapping
    public String inventory(@AuthenticationPrincipal SwitchboardUser me, Model model) {
        return inventoryPage(me, model, "", null, "", 1, null);
    }

    @PostMapping
    public String add(
            @RequestParam(name = "numbers", defaultValue = "") String written,
            @RequestParam(required = false) Long organizationId,
            @RequestParam(defaultValue = "") String label,
            @RequestParam(defaultValue = "1") int maxConcurrentCalls,
            @AuthenticationPrincipal SwitchboardUser me,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        try {
            List<NumberView> added = numbers.add(
                    me.actor(), NumberService.splitNumbers(written), organizationId, label, maxConcurrentCalls);
            redirect.addFlashAttribute(
                    "message", added.size() == 1 ? "Added 1 number." : "Added " + added.size() + " numbers.");
            return "redirect:/operator/numbers";
        } catch (NumberException.Duplicate
                | NumberException.Malformed
                | NumberException.InvalidValue
                | NumberException.UnknownOrganization e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return inventoryPage(me, model, written, organizationId, label, maxConcurrentCalls, e.getMessage());
        }
    }

    @GetMapping("/{id}")
    public String show(@PathVariable long id, @AuthenticationPrincipal SwitchboardUser me, Model model) {
        model.addAttribute("number", numbers.find(me.actor(), id));
        model.addAttribute("history", numbers.history(me.actor(), id));
        model.addAttribute("organizations", numbers.organizations(me.actor()));
        return "operator/number";
    }

    @PostMapping("/{id}/assign")
    public String assign(
            @PathVariable long id,
            @RequestParam long organizationId,
            @AuthenticationPrincipal SwitchboardUser me,
            RedirectAttributes redirect) {
        try {
            NumberView number = numbers.assign(me.actor(), id, organizationId);
            redirect.addFlashAttribute(
                    "message", "Assigned " + number.phoneNumber() + " to " + number.organizationName() + ".");
        } catch (NumberException.UnknownOrganization e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/operator/numbers/" + id;
    }

    @PostMapping("/{id}/unassign")
    public String unassign(
            @PathVariable long id, @AuthenticationPrincipal SwitchboardUser me, RedirectAttributes redirect) {
        NumberView number = numbers.unassign(me.actor(), id);
        redirect.addFlashAttribute("message", "Returned " + number.phoneNumber() + " to the inventory.");
        return "redirect:/operator/numbers/" + id;
    }

    @PostMapping("/{id}/limit")
    public String limit(
            @PathVariable long id,
            @RequestParam int maxConcurrentCalls,
            @AuthenticationPrincipal SwitchboardUser me,
            RedirectAttributes redirect) {
        try {
            numbers.setLimit(me.actor(), id, maxConcurrentCalls);
            redirect.addFlashAttribute("message", "Limit saved.");
        } catch (NumberException.InvalidValue e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/operator/numbers/" + id;
    }

    private String inventoryPage(
            SwitchboardUser me,
            Model model,
            String written,
            Long organizationId,
            String label,
            int maxConcurrentCalls,
            String error) {
        model.addAttribute("numbers", numbers.list(me.actor()));
        model.addAttribute("organizations", numbers.organizations(me.actor()));
        model.addAttribute("written", written);
        model.addAttribute("organizationId", organizationId);
        model.addAttribute("label", label);
        model.addAttribute("maxConcurrentCalls", maxConcurrentCalls);
        model.addAttribute("addError", error);
        return "operator/numbers";
    }
}
