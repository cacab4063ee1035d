package com.switchboard.server.security;

import com.switchboard.server.web.ApiController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;

@ApiController
@RequestMapping("/api/v1")
@Tag(name = "account", description = "Who is calling, and the caller's own API tokens")
public class AccountApi {
    private final ApiTokens tokens;

    AccountApi(ApiTokens tokens) {
        this.tokens = tokens;
    }

    /** @param organizationId null for operators */
    public record Me(long id, String email, String displayName, UserRole role, Long organizationId) {}

    /** @param validDays null or 0: the token does not expire */
    public record CreateToken(String name, Integer validDays) {}

    /** @param secret shown this once; send it as {@code Authorization: Bearer <secret>} */
    public record CreatedToken(ApiToken token, String secret) {
        @Override
        public String toString() {
            return "CreatedToken[" + token + "]";
        }
    }

    @GetMapping("/me")
    public Me me(@AuthenticationPrincipal SwitchboardUser me) {
        return new Me(me.id(), me.email(), me.displayName(), me.role(), me.organizationId());
    }

    @GetMapping("/tokens")
    @Operation(summary = "The caller's tokens (never their secrets)")
    public List<ApiToken> tokens(@AuthenticationPrincipal SwitchboardUser me) {
        return tokens.list(me.id());
    }

    @PostMapping("/tokens")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a token with the caller's role; its secret is in this answer only")
    public CreatedToken create(@RequestBody CreateToken request, @AuthenticationPrincipal SwitchboardUser me) {
        ApiTokens.Created created = tokens.create(
                me.id(),
                request.name(),
                request.validDays() == null || request.validDays() <= 0 ? null : Duration.ofDays(request.validDays()));
        return new CreatedToken(created.token(), created.secret());
    }

    @DeleteMapping("/tokens/{id}")
    @Operation(summary = "Revoke one of the caller's tokens")
    public ApiToken revoke(@PathVariable long id, @AuthenticationPrincipal SwitchboardUser me) {
        return tokens.revoke(me.id(), id);
    }
}
