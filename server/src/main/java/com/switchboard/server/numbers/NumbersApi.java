package com.switchboard.server.numbers;

import com.fasterxml.jackson.databind.JsonNode;
import com.switchboard.server.security.Roles;
import com.switchboard.server.security.SwitchboardUser;
import com.switchboard.server.web.ApiController;
import com.switchboard.server.web.BadRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

@ApiController
@RequestMapping("/api/v1/numbers")
@Tag(name = "numbers", description = "Phone numbers: a tenant's own, or the operator's whole inventory")
public class NumbersApi {
    private final NumberService numbers;

    NumbersApi(NumberService numbers) {
        this.numbers = numbers;
    }

    /**
     * @param label null: unchanged
     * @param configOverride a whole agent config object replacing the override ({} clears it); null:
     *     unchanged
     * @param active null: unchanged
     */
    public record NumberPatch(String label, JsonNode configOverride, Boolean active) {}

    /**
     * @param organizationId assign them at once; null: unassigned inventory
     * @param maxConcurrentCalls null: 1
     */
    public record AddNumbers(List<String> numbers, Long organizationId, String label, Integer maxConcurrentCalls) {}

    public record Assignment(Long organizationId) {}

    public record Limit(Integer maxConcurrentCalls) {}

    @GetMapping
    @Operation(summary = "Numbers the caller may see, with live and recent call counts")
    public List<NumberView> list(@AuthenticationPrincipal SwitchboardUser me) {
        return numbers.list(me.actor());
    }

    @GetMapping("/{id}")
    @Operation(summary = "One number (404 also for another tenant's)")
    public NumberView get(@PathVariable long id, @AuthenticationPrincipal SwitchboardUser me) {
        return numbers.find(me.actor(), id);
    }

    @PatchMapping("/{id}")
    @PreAuthorize(Roles.MAY_EDIT)
    @Operation(summary = "Change a number's label, agent config override or on/off switch")
    public NumberView patch(
            @PathVariable long id, @RequestBody NumberPatch patch, @AuthenticationPrincipal SwitchboardUser me) {
        JsonNode override = patch.configOverride();
        return numbers.patch(
                me.actor(),
                id,
                new NumberChanges(
                        patch.label(),
                        override == null || override.isNull() ? null : override.toString(),
                        patch.active()));
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize(Roles.IS_OPERATOR)
    @Operation(summary = "Add numbers to the inventory, all or none (operator)")
    public List<NumberView> add(@RequestBody AddNumbers request, @AuthenticationPrincipal SwitchboardUser me) {
        return numbers.add(
                me.actor(),
                request.numbers(),
                request.organizationId(),
                request.label(),
                request.maxConcurrentCalls() == null
                        ? NewNumber.DEFAULT_MAX_CONCURRENT_CALLS
                        : request.maxConcurrentCalls());
    }

    @PutMapping("/{id}/organization")
    @PreAuthorize(Roles.IS_OPERATOR)
    @Operation(summary = "Assign or reassign a number to an organization (operator)")
    public NumberView assign(
            @PathVariable long id, @RequestBody Assignment request, @AuthenticationPrincipal SwitchboardUser me) {
        if (request.organizationId() == null) {
            throw new BadRequest("organizationId is required");
        }
        return numbers.assign(me.actor(), id, request.organizationId());
    }

    @DeleteMapping("/{id}/organization")
    @PreAuthorize(Roles.IS_OPERATOR)
    @Operation(summary = "Return a number to the inventory (operator)")
    public NumberView unassign(@PathVariable long id, @AuthenticationPrincipal SwitchboardUser me) {
        return numbers.unassign(me.actor(), id);
    }

    @PutMapping("/{id}/limit")
    @PreAuthorize(Roles.IS_OPERATOR)
    @Operation(summary = "Set how many calls a number carries at once (operator)")
    public NumberView limit(
            @PathVariable long id, @RequestBody Limit request, @AuthenticationPrincipal SwitchboardUser me) {
        if (request.maxConcurrentCalls() == null) {
            throw new BadRequest("maxConcurrentCalls is required");
        }
        return numbers.setLimit(me.actor(), id, request.maxConcurrentCalls());
    }

    @GetMapping("/{id}/assignments")
    @PreAuthorize(Roles.IS_OPERATOR)
    @Operation(summary = "A number's assignment history, oldest first (operator)")
    public List<AssignmentView> assignments(
            @Parameter(description = "number id") @PathVariable long id, @AuthenticationPrincipal SwitchboardUser me) {
        return numbers.history(me.actor(), id);
    }
}
