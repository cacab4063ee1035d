package com.switchboard.server.web;

import com.switchboard.server.numbers.NumberException;
import com.switchboard.server.organizations.OrganizationException;
import com.switchboard.server.security.UserException;
import java.security.Principal;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * The dashboard's answers to what a page asked for but may not see or change. "Not found" is also
 * the answer for another tenant's number: row-level security makes the two indistinguishable, and
 * the page must not tell them apart either. (API controllers have their own JSON answers, which take
 * precedence.)
 */
@ControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class WebErrors {
    @ExceptionHandler({
        NumberException.NotFound.class,
        OrganizationException.NotFound.class,
        UserException.NotFound.class,
        PageNotFound.class
    })
    ModelAndView notFound(Principal principal) {
        return page("error/404", HttpStatus.NOT_FOUND, principal);
    }

    @ExceptionHandler({
        NumberException.NotPermitted.class,
        OrganizationException.NotPermitted.class,
        UserException.NotPermitted.class
    })
    ModelAndView forbidden(Principal principal) {
        return page("error/403", HttpStatus.FORBIDDEN, principal);
    }

    @ExceptionHandler
    ModelAndView badRequest(BadRequest e, Principal principal) {
        ModelAndView page = page("error/400", HttpStatus.BAD_REQUEST, principal);
        page.addObject("detail", e.getMessage());
        return page;
    }

    /** A form field that is not the number (or switch) it must be: a 400 page naming the field. */
    @ExceptionHandler
    ModelAndView wrongType(MethodArgumentTypeMismatchException e, Principal principal) {
        ModelAndView page = page("error/400", HttpStatus.BAD_REQUEST, principal);
        Class<?> type = e.getRequiredType();
        String expected = type == boolean.class || type == Boolean.class ? "on or off" : "a whole number";
        page.addObject("detail", e.getName() + " must be " + expected);
        return page;
    }

    private static ModelAndView page(String view, HttpStatus status, Principal principal) {
        ModelAndView page = new ModelAndView(view, status);
        page.addObject("me", CurrentUser.of(principal));
        return page;
    }
}
