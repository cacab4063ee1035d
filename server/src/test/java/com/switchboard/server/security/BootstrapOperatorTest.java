package com.switchboard.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.switchboard.activities.db.Actor;
import com.switchboard.activities.testing.TestDatabase;
import com.switchboard.server.web.WebTestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The first operator of a fresh installation, from switchboard.bootstrap.*. */
class BootstrapOperatorTest extends WebTestBase {
    @Autowired
    UserRepository users;

    @Autowired
    Accounts accounts;

    @Autowired
    PasswordEncoder passwords;

    @BeforeEach
    void empty() {
        TestDatabase.shared().reset();
    }

    private BootstrapOperator bootstrap(String email, String password) {
        return new BootstrapOperator(new BootstrapProperties(email, password), users, accounts);
    }

    @Test
    void theFirstOperatorIsCreatedWithAHashedPassword() {
        bootstrap("root@switchboard.test", "first password").run(new DefaultApplicationArguments());

        assertThat(users.operatorExists()).isTrue();
        assertThat(users.findForLogin("root@switchboard.test")).hasValueSatisfying(c -> {
            assertThat(c.user().role()).isEqualTo(UserRole.OPERATOR);
            assertThat(c.passwordHash()).startsWith("{bcrypt}").doesNotContain("first password");
            assertThat(passwords.matches("first password", c.passwordHash())).isTrue();
        });
    }

    @Test
    void onceAnOperatorExistsTheBootstrapChangesNothing() {
        accounts.createUser(Actor.SYSTEM, "ops@switchboard.test", "", UserRole.OPERATOR, null, "the real one");

        bootstrap("root@switchboard.test", "left in the environment").run(new DefaultApplicationArguments());
        bootstrap("ops@switchboard.test", "left in the environment").run(new DefaultApplicationArguments());

        assertThat(users.findForLogin("root@switchboard.test")).isEmpty();
        assertThat(users.findForLogin("ops@switchboard.test"))
                .hasValueSatisfying(c -> assertThat(passwords.matches("the real one", c.passwordHash()))
                        .isTrue());
    }

    @Test
    void withoutPropertiesNothingIsCreated() {
        bootstrap("", "").run(new DefaultApplicationArguments());

        assertThat(users.operatorExists()).isFalse();
    }
}
