/**
 * Logins, roles (operator, tenant admin, tenant viewer) and API tokens; every request acts for one
 * organization (or, as an operator, for all), which the database's row-level security enforces
 * again.
 */
package com.switchboard.server.security;
