package com.switchboard.server.web;

import com.switchboard.activities.config.ConfigError;
import com.switchboard.activities.config.InvalidAgentConfigException;
import com.switchboard.activities.numbers.NumberException;
import com.switchboard.activities.organizations.OrganizationException;
import com.switchboard.activities.users.UserException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The API's errors as RFC 9457 problem documents. Another tenant's number or organization is a 404,
 * exactly like one that does not exist; a role that may not act is a 403; invalid input is a 400
 * that names every offending field ({@code errors}).
 */
@RestControllerAdvice(annotations = ApiController.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiErrors extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    /** One offending field (a JSON property, or an agent config key). */
    public record FieldError(String field, String message) {}

    @ExceptionHandler({
        NumberException.NotFound.class,
        OrganizationException.NotFound.class,
        UserException.NotFound.class,
        PageNotFound.class
    })
    ProblemDetail notFound(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler({
        NumberException.NotPermitted.class,
        OrganizationException.NotPermitted.class,
        UserException.NotPermitted.class
    })
    ProblemDetail forbidden(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, e.getMessage());
    }

    @ExceptionHandler({
        NumberException.Duplicate.class,
        OrganizationException.DuplicateSlug.class,
        UserException.DuplicateEmail.class
    })
    ProblemDetail conflict(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail invalidConfig(InvalidAgentConfigException e) {
        return invalid(
                e.getMessage(),
                e.errors().stream()
                        .map(error -> new FieldError(configField(error), error.message()))
                        .toList());
    }

    @ExceptionHandler
    ProblemDetail invalidNumberValue(NumberException.InvalidValue e) {
        return invalid(e.getMessage(), List.of(new FieldError(e.field(), e.getMessage())));
    }

    @ExceptionHandler
    ProblemDetail invalidOrganizationValue(OrganizationException.InvalidValue e) {
        return invalid(e.getMessage(), List.of(new FieldError(e.field(), e.getMessage())));
    }

    @ExceptionHandler
    ProblemDetail invalidUserValue(UserException.InvalidValue e) {
        return invalid(e.getMessage(), List.of(new FieldError(e.field(), e.getMessage())));
    }

    @ExceptionHandler({
        NumberException.Malformed.class,
        NumberException.UnknownOrganization.class,
        UserException.UnknownOrganization.class,
        BadRequest.class
    })
    ProblemDetail badRequest(RuntimeException e) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    }

    /**
     * What row-level security or a guard trigger refused (SQLSTATE 42501) although the checks in
     * front let it through: still a refusal, never a 500.
     */
    @ExceptionHandler
    ProblemDetail database(org.jooq.exception.DataAccessException e) {
        if ("42501".equals(e.sqlState())) {
            return ProblemDetail.forStatusAndDetail(HttpStatus.FORBIDDEN, "your role may not do this");
        }
        log.error("database error", e);
        return ProblemDetail.forStatus(HttpStatus.INTERNAL_SERVER_ERROR);
    }

    private static ProblemDetail invalid(String detail, List<FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail);
        problem.setProperties(Map.of("errors", errors));
        return problem;
    }

    private static String configField(ConfigError error) {
        return ConfigError.DOCUMENT.equals(error.key()) ? "$" : error.key();
    }
}
