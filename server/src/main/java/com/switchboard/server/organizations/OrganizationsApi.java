package com.switchboard.server.organizations;

import com.fasterxml.jackson.databind.JsonNode;
import com.switchboard.server.security.AppUser;
import com.switchboard.server.security.Roles;
import com.switchboard.server.security.SwitchboardUser;
import com.switchboard.server.security.UserRole;
import com.switchboard.server.web.ApiController;
import com.switchboard.server.web.BadRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

@ApiController
@RequestMapping("/api/v1/organizations")
@PreAuthorize(Roles.IS_OPERATOR)
@Tag(name = "organizations", description = "Organizations, their limits, agent configs and logins (operator)")
public class OrganizationsApi {
    private final OrganizationService organizations;

    OrganizationsApi(OrganizationService organizations) {
        this.organizations = organizations;
    }

    /**
     * @param agentConfig the base agent config object; null: {}
     * @param maxConcurrentCalls null: 5
     */
    public record CreateOrganization(String slug, String name, Integer maxConcurrentCalls, JsonNode agentConfig) {}

    public record Limit(Integer maxConcurrentCalls) {}

    /** @param role TENANT_ADMIN or TENANT_VIEWER */
    public record CreateUser(String email, String displayName, UserRole role, String password) {
        @Override
        public String toString() {
            return "CreateUser[" + email + ", " + role + "]";
        }
    }

    @GetMapping
    @Operation(summary = "Every organization, with its number count and live calls")
    public List<OrganizationView> list(@AuthenticationPrincipal SwitchboardUser me) {
        return organizations.list(me.actor());
    }

    @GetMapping("/{id}")
    public OrganizationView get(@PathVariable long id, @AuthenticationPrincipal SwitchboardUser me) {
        return organizations.find(me.actor(), id);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public OrganizationView create(
            @RequestBody CreateOrganization request, @AuthenticationPrincipal SwitchboardUser me) {
        return organizations.create(
                me.actor(),
                new NewOrganization(
                        request.slug(),
                        request.name(),
                        request.agentConfig() == null
                                ? null
                                : request.agentConfig().toString(),
                        request.maxConcurrentCalls() == null
                                ? NewOrganization.DEFAULT_MAX_CONCURRENT_CALLS
                                : request.maxConcurrentCalls()));
    }

    @PutMapping("/{id}/limit")
    @Operation(summary = "Set how many calls the whole organization carries at once")
    public OrganizationView limit(
            @PathVariable long id, @RequestBody Limit request, @AuthenticationPrincipal SwitchboardUser me) {
        if (request.maxConcurrentCalls() == null) {
            throw new BadRequest("maxConcurrentCalls is required");
        }
        return organizations.setLimit(me.actor(), id, request.maxConcurrentCalls());
    }

    /** The body is read as text so that the config codec sees it whole (duplicate keys included). */
    @PutMapping(path = "/{id}/agent-config", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Replace the base agent config with a whole JSON object")
    public OrganizationView agentConfig(
            @PathVariable long id, @RequestBody String agentConfig, @AuthenticationPrincipal SwitchboardUser me) {
        return organizations.setAgentConfig(me.actor(), id, agentConfig);
    }

    @GetMapping("/{id}/users")
    public List<AppUser> users(@PathVariable long id, @AuthenticationPrincipal SwitchboardUser me) {
        return organizations.users(me.actor(), id);
    }

    @PostMapping("/{id}/users")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Add a tenant login (the password is hashed, never stored)")
    public AppUser addUser(
            @PathVariable long id, @RequestBody CreateUser request, @AuthenticationPrincipal SwitchboardUser me) {
        if (request.role() == null || !request.role().isTenant()) {
            throw new BadRequest("role must be TENANT_ADMIN or TENANT_VIEWER");
        }
        return organizations.addUser(
                me.actor(), id, request.email(), request.displayName(), request.role(), request.password());
    }
}
