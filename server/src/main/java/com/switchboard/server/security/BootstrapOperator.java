package com.switchboard.server.security;

import com.switchboard.activities.db.Actor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * Creates the first operator from {@code switchboard.bootstrap.*} if the platform has none. Once an
 * operator exists the properties are ignored, so a password left in the environment cannot reset or
 * add an account later.
 */
@Component
class BootstrapOperator implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(BootstrapOperator.class);

    private final BootstrapProperties properties;
    private final UserRepository users;
    private final Accounts accounts;

    BootstrapOperator(BootstrapProperties properties, UserRepository users, Accounts accounts) {
        this.properties = properties;
        this.users = users;
        this.accounts = accounts;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!properties.configured()) {
            return;
        }
        if (users.operatorExists()) {
            log.info("an operator exists already: switchboard.bootstrap.* is ignored");
            return;
        }
        try {
            AppUser operator = accounts.createUser(
                    Actor.SYSTEM,
                    properties.operatorEmail(),
                    "Operator",
                    UserRole.OPERATOR,
                    null,
                    properties.operatorPassword());
            log.info("created the first operator, {}", operator.email());
        } catch (UserException.DuplicateEmail e) {
            // Another replica created it in the same moment.
            log.info("the first operator was created concurrently");
        }
    }
}
