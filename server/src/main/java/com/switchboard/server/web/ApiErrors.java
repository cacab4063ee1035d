package com.switchboard.server.web;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.switchboard.activities.config.ConfigError;
import com.switchboard.activities.config.InvalidAgentConfigException;
import com.switchboard.server.numbers.NumberException;
import com.switchboard.server.organizations.OrganizationException;
import com.switchboard.server.security.UserException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
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

    @ExceptionHandler({NumberException.UnknownOrganization.class, UserException.UnknownOrganization.class})
    ProblemDetail unknownOrganization(RuntimeException e) {
        return invalid(e.getMessage(), List.of(new FieldError("organizationId", e.getMessage())));
    }

    @ExceptionHandler({NumberException.Malformed.class, BadRequest.class})
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

    /**
     * A body Jackson could not read: the answer names the property (its JSON path) and the type it
     * wanted, never the value sent (which may be 100 KB of anything).
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String field = "$";
        String message = "is not valid JSON";
        if (e.getCause() instanceof JsonMappingException mapping
                && !mapping.getPath().isEmpty()) {
            field = mapping.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining("."))
                    .replace(".[", "[");
            message = mapping instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                    ? "must be " + expected(mismatch.getTargetType())
                    : "has a value that cannot be read";
        } else if (e.getCause() instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            message = "must be " + expected(mismatch.getTargetType());
        }
        ProblemDetail problem = invalid(field + ": " + message, List.of(new FieldError(field, message)));
        return handleExceptionInternal(e, problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    private static String expected(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return type == Integer.class || type == int.class
                    ? "a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE
                    : "a whole number (an id)";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (type == String.class) {
            return "a string";
        }
        if (java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "a " + type.getSimpleName();
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
