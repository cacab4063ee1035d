package com.switchboard.server.numbers;

import com.switchboard.server.security.Roles;
import com.switchboard.server.security.SwitchboardUser;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
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
 * A tenant's phone numbers: the table with live counts, and a number's page (label, greeting,
 * language, system prompt, on/off). Another tenant's number is "not found".
 */
@Controller
@RequestMapping("/numbers")
class NumbersController {
    private final NumberService numbers;

    NumbersController(NumberService numbers) {
        this.numbers = numbers;
    }

    @GetMapping
    String list(@AuthenticationPrincipal SwitchboardUser me, Model model) {
        model.addAttribute("numbers", numbers.list(me.actor()));
        return "numbers/list";
    }

    @GetMapping("/{id}")
    String show(@PathVariable long id, @AuthenticationPrincipal SwitchboardUser me, Model model) {
        NumberView number = numbers.find(me.actor(), id);
        return page(me, number, NumberEdit.of(number), Map.of(), model);
    }

    @PostMapping("/{id}")
    @PreAuthorize(Roles.MAY_EDIT)
    public String save(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String label,
            @RequestParam(defaultValue = "") String greeting,
            @RequestParam(defaultValue = "") String language,
            @RequestParam(defaultValue = "") String systemPrompt,
            @RequestParam(defaultValue = "false") boolean active,
            @AuthenticationPrincipal SwitchboardUser me,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        NumberEdit edit = new NumberEdit(label, greeting, language, systemPrompt, active);
        return switch (numbers.edit(me.actor(), id, edit)) {
            case EditResult.Saved saved -> {
                redirect.addFlashAttribute("saved", true);
                yield "redirect:/numbers/" + saved.number().id();
            }
            case EditResult.Invalid invalid -> {
                response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
                yield page(me, numbers.find(me.actor(), id), edit, invalid.errors(), model);
            }
        };
    }

    private String page(
            SwitchboardUser me, NumberView number, NumberEdit form, Map<String, String> errors, Model model) {
        model.addAttribute("number", number);
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("inherited", numbers.inherited(me.actor(), number));
        return "numbers/edit";
    }
}
