package com.switchboard.server.embedded;

/** Creates the demo logins: an operator ({@code organizationId} null) or a tenant administrator. */
@FunctionalInterface
interface DemoLogins {
    void create(DemoData.Login login, Long organizationId);
}
