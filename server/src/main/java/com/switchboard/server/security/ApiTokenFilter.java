package com.switchboard.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates {@code Authorization: Bearer sbt_...} on the API. A request that presents a bearer
 * token is judged by it alone: a bad token is a 401 even when the browser also sends a session
 * cookie, so a machine never runs on somebody's session by accident. The context is not saved in
 * the session: every call presents its token.
 *
 * <p>Not a Spring bean on purpose: Boot would register a bean filter for every URL.
 */
final class ApiTokenFilter extends OncePerRequestFilter {
    private static final String BEARER = "bearer ";

    private final ApiTokens tokens;
    private final AuthenticationEntryPoint entryPoint;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    ApiTokenFilter(ApiTokens tokens, AuthenticationEntryPoint entryPoint) {
        this.tokens = tokens;
        this.entryPoint = entryPoint;
    }

    /** Whether the request presents a bearer token (such requests need no CSRF token: no cookie acts). */
    static boolean presentsBearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return header != null
                && header.length() > BEARER.length()
                && header.substring(0, BEARER.length()).toLowerCase(Locale.ROOT).equals(BEARER);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!presentsBearer(request)) {
            chain.doFilter(request, response);
            return;
        }
        String secret =
                request.getHeader("Authorization").substring(BEARER.length()).strip();
        Optional<SwitchboardUser> user = tokens.authenticate(secret);
        if (user.isEmpty()) {
            contexts.clearContext();
            entryPoint.commence(request, response, new BadCredentialsException("invalid API token"));
            return;
        }
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                user.get(), null, user.get().getAuthorities()));
        contexts.setContext(context);
        chain.doFilter(request, response);
    }
}
