package com.switchboard.server.organizations;

import com.switchboard.activities.config.ConfigError;
import com.switchboard.activities.config.InvalidAgentConfigException;
import com.switchboard.server.security.Roles;
import com.switchboard.server.security.SwitchboardUser;
import com.switchboard.server.security.UserException;
import com.switchboard.server.security.UserRole;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
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

/** The operator's organizations: list, create, limit, base agent config, tenant logins. */
@Controller
@RequestMapping("/operator/organizations")
@PreAuthorize(Roles.IS_OPERATOR)
public class OrganizationsController {
    private final OrganizationService organizations;

    OrganizationsController(OrganizationService organizations) {
        this.organizations = organizations;
    }

    /** What the create form holds, to show it again with its errors. */
    public record CreateForm(String slug, String name, int maxConcurrentCalls, String agentConfig) {}

    @GetMapping
    public String list(@AuthenticationPrincipal SwitchboardUser me, Model model) {
        return listPage(
                me,
                model,
                new CreateForm("", "", NewOrganization.DEFAULT_MAX_CONCURRENT_CALLS, "{}"),
                Map.of(),
                List.of());
    }

    @PostMapping
    public String create(
            @RequestParam(defaultValue = "") String slug,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "5") int maxConcurrentCalls,
            @RequestParam(defaultValue = "{}") String agentConfig,
            @AuthenticationPrincipal SwitchboardUser me,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        CreateForm form = new CreateForm(slug.strip(), name.strip(), maxConcurrentCalls, agentConfig);
        try {
            OrganizationView created = organizations.create(
                    me.actor(), new NewOrganization(form.slug(), form.name(), agentConfig, maxConcurrentCalls));
            redirect.addFlashAttribute("message", "Created " + created.name() + ".");
            return "redirect:/operator/organizations/" + created.id();
        } catch (OrganizationException.InvalidValue e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return listPage(me, model, form, Map.of(e.field(), e.getMessage()), List.of());
        } catch (OrganizationException.DuplicateSlug e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return listPage(me, model, form, Map.of("slug", e.getMessage()), List.of());
        } catch (InvalidAgentConfigException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return listPage(me, model, form, Map.of(), e.errors());
        }
    }

    @GetMapping("/{id}")
    public String show(@PathVariable long id, @AuthenticationPrincipal SwitchboardUser me, Model model) {
        OrganizationView organization = organizations.find(me.actor(), id);
        return detailPage(me, model, organization, OrganizationService.configJson(organization), List.of(), Map.of());
    }

    @PostMapping("/{id}/limit")
    public String limit(
            @PathVariable long id,
            @RequestParam int maxConcurrentCalls,
            @AuthenticationPrincipal SwitchboardUser me,
            RedirectAttributes redirect) {
        try {
            organizations.setLimit(me.actor(), id, maxConcurrentCalls);
            redirect.addFlashAttribute("message", "Limit saved.");
        } catch (OrganizationException.InvalidValue e) {
            redirect.addFlashAttribute("error", e.getMessage());
        }
        return "redirect:/operator/organizations/" + id;
    }

    @PostMapping("/{id}/config")
    public String config(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String agentConfig,
            @AuthenticationPrincipal SwitchboardUser me,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        try {
            organizations.setAgentConfig(me.actor(), id, agentConfig);
            redirect.addFlashAttribute("message", "Agent config saved.");
            return "redirect:/operator/organizations/" + id;
        } catch (InvalidAgentConfigException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return detailPage(me, model, organizations.find(me.actor(), id), agentConfig, e.errors(), Map.of());
        }
    }

    @PostMapping("/{id}/users")
    public String addUser(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String displayName,
            @RequestParam(defaultValue = "TENANT_VIEWER") UserRole role,
            @RequestParam(defaultValue = "") String password,
            @AuthenticationPrincipal SwitchboardUser me,
            Model model,
            RedirectAttributes redirect,
            HttpServletResponse response) {
        OrganizationView organization = organizations.find(me.actor(), id);
        try {
            organizations.addUser(me.actor(), id, email, displayName, role, password);
            redirect.addFlashAttribute("message", "Added " + email.strip() + ".");
            return "redirect:/operator/organizations/" + id;
        } catch (UserException.InvalidValue e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return detailPage(
                    me,
                    model,
                    organization,
                    OrganizationService.configJson(organization),
                    List.of(),
                    Map.of(e.field(), e.getMessage()));
        } catch (UserException.DuplicateEmail e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            return detailPage(
                    me,
                    model,
                    organization,
                    OrganizationService.configJson(organization),
                    List.of(),
                    Map.of("email", e.getMessage()));
        }
    }

    private String listPage(
            SwitchboardUser me,
            Model model,
            CreateForm form,
            Map<String, String> errors,
            List<ConfigError> configErrors) {
        model.addAttribute("organizations", organizations.list(me.actor()));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("configErrors", configErrors);
        return "operator/organizations";
    }

    private String detailPage(
            SwitchboardUser me,
            Model model,
            OrganizationView organization,
            String agentConfig,
            List<ConfigError> configErrors,
            Map<String, String> userErrors) {
        model.addAttribute("organization", organization);
        model.addAttribute("agentConfig", agentConfig);
        model.addAttribute("configErrors", configErrors);
        model.addAttribute("userErrors", userErrors);
        model.addAttribute("numbers", organizations.numbers(me.actor(), organization.id()));
        model.addAttribute("users", organizations.users(me.actor(), organization.id()));
        model.addAttribute("roles", List.of(UserRole.TENANT_ADMIN, UserRole.TENANT_VIEWER));
        return "operator/organization";
    }
}
