package com.switchboard.server.security;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document's header: what the API is and how it authenticates. */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(
        info =
                @Info(
                        title = "Switchboard API",
                        version = "v1",
                        description = "Numbers, calls, analytics, organizations and the GPU fleet. A tenant sees"
                                + " and changes only its own; another tenant's ids answer 404."),
        security = @SecurityRequirement(name = "bearer"))
@SecurityScheme(
        name = "bearer",
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = "An API token (sbt_...) created on the dashboard's API tokens page or POST /api/v1/tokens")
class OpenApiConfiguration {}
