package com.switchboard.server.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.authentication.InsufficientAuthenticationException;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;

/**
 * Two doors. {@code /api/**} takes a bearer token or the browser's session and answers in JSON
 * (401 / 403 problem documents, never a redirect to the login page). Everything else is the
 * dashboard: form login, CSRF tokens on every form, operator pages for operators only.
 *
 * <p>Role checks here and in {@code @PreAuthorize} only make refusals early and readable; the
 * database's row-level security, fed by the same principal, is what actually keeps tenants apart.
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
class SecurityConfiguration {
    private static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:;"
            + " style-src 'self' 'unsafe-inline'; frame-ancestors 'none'; form-action 'self'; base-uri 'self'";

    @Bean
    PasswordEncoder passwordEncoder() {
        // {bcrypt} today; stored hashes name their algorithm, so a later change keeps old logins.
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    @Order(1)
    SecurityFilterChain api(HttpSecurity http, ApiTokens tokens, ObjectMapper json) throws Exception {
        AuthenticationEntryPoint unauthorized = (request, response, e) -> problem(
                response, json, HttpStatus.UNAUTHORIZED, "authentication required: a bearer token or a session");
        // The CSRF check runs before anybody is authenticated: a state-changing call without
        // credentials is told to authenticate (401), not that its role is wrong (403).
        AccessDeniedHandler forbidden = (request, response, e) -> {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            if (authentication == null || authentication instanceof AnonymousAuthenticationToken) {
                unauthorized.commence(request, response, new InsufficientAuthenticationException("anonymous"));
            } else {
                problem(response, json, HttpStatus.FORBIDDEN, "your role may not do this");
            }
        };
        http.securityMatcher("/api/**")
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .addFilterBefore(new ApiTokenFilter(tokens, unauthorized), BasicAuthenticationFilter.class)
                // Cookies are what CSRF abuses; a request that carries a bearer token is not acting
                // on a cookie. Session calls from the browser still need the token.
                .csrf(c -> c.ignoringRequestMatchers(ApiTokenFilter::presentsBearer))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .requestCache(c -> c.disable())
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives("default-src 'none'")));
        return http.build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain web(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(a -> a.dispatcherTypeMatchers(DispatcherType.ERROR)
                        .permitAll()
                        .requestMatchers("/login", "/error", "/css/**", "/js/**", "/favicon.ico")
                        .permitAll()
                        // POST /livekit/webhook never gets here: LiveKitWebhookEndpoint's filter answers
                        // it ahead of this chain (LiveKit signs its requests; the endpoint checks them).
                        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
                        .permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**")
                        .permitAll()
                        .requestMatchers("/operator/**")
                        .hasRole(Roles.OPERATOR)
                        .anyRequest()
                        .authenticated())
                .formLogin(f -> f.loginPage("/login")
                        .usernameParameter("email")
                        .defaultSuccessUrl("/", false)
                        .permitAll())
                .logout(l ->
                        l.logoutUrl("/logout").logoutSuccessUrl("/login?logout").permitAll())
                .headers(h -> h.contentSecurityPolicy(c -> c.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(r -> r.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN)));
        return http.build();
    }

    private static void problem(HttpServletResponse response, ObjectMapper json, HttpStatus status, String detail)
            throws IOException {
        ProblemDetail body = ProblemDetail.forStatusAndDetail(status, detail);
        body.setType(URI.create("about:blank"));
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        if (status == HttpStatus.UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        json.writeValue(response.getOutputStream(), body);
    }
}
