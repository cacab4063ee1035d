package com.switchboard.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.switchboard.activities.db.Actor;
import com.switchboard.activities.testing.TestDatabase;
import com.switchboard.server.organizations.NewOrganization;
import com.switchboard.server.organizations.OrganizationRepository;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UserRepositoryTest {
    private static final Actor OPERATOR = Actor.operator("ops@switchboard.example");

    private final TestDatabase db = TestDatabase.shared();
    private final UserRepository users = new UserRepository(db.database());

    private long pizzeria;
    private long bakery;

    @BeforeEach
    void twoOrganizations() {
        db.reset();
        OrganizationRepository organizations = new OrganizationRepository(db.database());
        pizzeria = organizations
                .create(OPERATOR, new NewOrganization("pizzeria", "Pizzeria", null, 5))
                .id();
        bakery = organizations
                .create(OPERATOR, new NewOrganization("bakery", "Bakery", null, 5))
                .id();
    }

    private static NewUser tenant(String email, UserRole role, long organizationId) {
        return new NewUser(email, "", role, organizationId, "{noop}secret");
    }

    @Test
    void theFirstOperatorIsCreatedBySystemAndFoundForLoginInAnyCase() {
        assertThat(users.operatorExists()).isFalse();

        AppUser created = users.createUser(
                Actor.SYSTEM, new NewUser("Ops@Switchboard.example", "Ops", UserRole.OPERATOR, null, "{noop}x"));

        assertThat(users.operatorExists()).isTrue();
        assertThat(users.findForLogin("ops@switchboard.EXAMPLE")).hasValueSatisfying(c -> {
            assertThat(c.user()).isEqualTo(created);
            assertThat(c.passwordHash()).isEqualTo("{noop}x");
        });
        assertThat(created.actor()).isEqualTo(Actor.operator("Ops@Switchboard.example"));
    }

    @Test
    void anEmailAddressIsUniqueWhateverItsCase() {
        users.createUser(OPERATOR, tenant("mario@pizzeria.example", UserRole.TENANT_ADMIN, pizzeria));

        assertThatThrownBy(() ->
                        users.createUser(OPERATOR, tenant("MARIO@pizzeria.example", UserRole.TENANT_VIEWER, pizzeria)))
                .isInstanceOf(UserException.DuplicateEmail.class);
    }

    @Test
    void aTenantAdministratorAddsUsersOnlyToItsOwnOrganization() {
        Actor mario = Actor.tenantAdmin(pizzeria, "mario@pizzeria.example");

        AppUser luigi = users.createUser(mario, tenant("luigi@pizzeria.example", UserRole.TENANT_VIEWER, pizzeria));

        assertThat(luigi.organizationId()).isEqualTo(pizzeria);
        assertThatThrownBy(() -> users.createUser(mario, tenant("x@bakery.example", UserRole.TENANT_ADMIN, bakery)))
                .isInstanceOf(UserException.NotPermitted.class);
        assertThatThrownBy(() -> users.createUser(
                        mario, new NewUser("root@pizzeria.example", "", UserRole.OPERATOR, null, "{noop}x")))
                .isInstanceOf(UserException.NotPermitted.class);
        assertThat(users.listForOrganization(Actor.tenantViewer(bakery, "b"), pizzeria))
                .isEmpty();
    }

    @Test
    void aTokenAuthenticatesItsHolderUntilRevoked() {
        AppUser luigi = users.createUser(OPERATOR, tenant("luigi@pizzeria.example", UserRole.TENANT_VIEWER, pizzeria));
        byte[] hash = sha256("sbt_secret");
        ApiToken token = users.createToken(luigi.id(), new NewApiToken("wallboard", hash, "sbt_secr", null));
        Instant now = Instant.now();

        assertThat(token.organizationId()).isEqualTo(pizzeria);
        assertThat(users.authenticateToken(hash, now))
                .hasValueSatisfying(h -> assertThat(h.user()).isEqualTo(luigi));
        assertThat(users.tokens(luigi.id()).getFirst().lastUsedAt()).isNotNull();

        users.revokeToken(luigi.id(), token.id(), now);

        assertThat(users.authenticateToken(hash, now)).isEmpty();
        assertThat(users.authenticateToken(sha256("sbt_other"), now)).isEmpty();
    }

    @Test
    void anOperatorsTokenBelongsToNoOrganization() {
        AppUser ops = users.createUser(
                Actor.SYSTEM, new NewUser("ops@switchboard.example", "", UserRole.OPERATOR, null, "{noop}x"));

        ApiToken token = users.createToken(ops.id(), new NewApiToken("ops", sha256("sbt_ops"), "sbt_ops", null));

        assertThat(token.organizationId()).isNull();
        assertThat(users.authenticateToken(sha256("sbt_ops"), Instant.now()))
                .hasValueSatisfying(h -> assertThat(h.user()).isEqualTo(ops));
    }

    @Test
    void anExpiredTokenAuthenticatesNobody() {
        AppUser luigi = users.createUser(OPERATOR, tenant("luigi@pizzeria.example", UserRole.TENANT_VIEWER, pizzeria));
        Instant now = Instant.now();
        byte[] hash = sha256("sbt_old");
        users.createToken(luigi.id(), new NewApiToken("old", hash, "sbt_old", now.minusSeconds(1)));

        assertThat(users.authenticateToken(hash, now)).isEmpty();
    }

    @Test
    void nobodyRevokesAnotherUsersToken() {
        AppUser luigi = users.createUser(OPERATOR, tenant("luigi@pizzeria.example", UserRole.TENANT_VIEWER, pizzeria));
        AppUser baker = users.createUser(OPERATOR, tenant("baker@bakery.example", UserRole.TENANT_ADMIN, bakery));
        ApiToken token = users.createToken(luigi.id(), new NewApiToken("t", sha256("a"), "a", null));

        assertThatThrownBy(() -> users.revokeToken(baker.id(), token.id(), Instant.now()))
                .isInstanceOf(UserException.NotFound.class);
        assertThat(users.authenticateToken(sha256("a"), Instant.now())).isPresent();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
