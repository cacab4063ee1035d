package com.switchboard.server.organizations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.switchboard.activities.config.ConfigError;
import com.switchboard.activities.config.InvalidAgentConfigException;
import com.switchboard.activities.db.Actor;
import com.switchboard.activities.testing.TestDatabase;
import com.switchboard.workflows.route.AgentConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OrganizationRepositoryTest {
    private static final Actor OPERATOR = Actor.operator("ops@switchboard.example");

    private final TestDatabase db = TestDatabase.shared();
    private final OrganizationRepository organizations = new OrganizationRepository(db.database());

    @BeforeEach
    void empty() {
        db.reset();
    }

    @Test
    void anOperatorCreatesAnOrganizationWithAValidatedBaseConfig() {
        Organization created = organizations.create(
                OPERATOR,
                new NewOrganization(
                        "pizzeria",
                        "Pizzeria da Mario",
                        "{\"greeting\": \"Welcome to Pizzeria\", \"language\": \"it-it\"}",
                        8));

        assertThat(created.slug()).isEqualTo("pizzeria");
        assertThat(created.name()).isEqualTo("Pizzeria da Mario");
        assertThat(created.agentConfig())
                .isEqualTo(new AgentConfig(null, "Welcome to Pizzeria", "it-IT", null, null, null));
        assertThat(created.maxConcurrentCalls()).isEqualTo(8);
        assertThat(organizations.find(OPERATOR, created.id())).contains(created);
        assertThat(organizations.findBySlug(OPERATOR, "pizzeria")).contains(created);
    }

    @Test
    void anOrganizationWithoutConfigGetsAnEmptyOne() {
        assertThat(organizations
                        .create(OPERATOR, new NewOrganization("bakery", "Bakery", null, 5))
                        .agentConfig())
                .isEqualTo(AgentConfig.EMPTY);
    }

    @Test
    void aBadBaseConfigIsRefusedWithItsKeysNamedAndNothingCreated() {
        assertThatThrownBy(() -> organizations.create(
                        OPERATOR,
                        new NewOrganization("pizzeria", "Pizzeria", "{\"greting\": \"Hi\", \"voice\": 3}", 5)))
                .isInstanceOfSatisfying(
                        InvalidAgentConfigException.class,
                        e -> assertThat(e.errors()).extracting(ConfigError::key).containsExactly("greting", "voice"));
        assertThat(organizations.list(OPERATOR)).isEmpty();
    }

    @Test
    void aSlugIsTakenOnce() {
        organizations.create(OPERATOR, new NewOrganization("pizzeria", "Pizzeria", null, 5));

        assertThatThrownBy(() -> organizations.create(OPERATOR, new NewOrganization("pizzeria", "Other", null, 5)))
                .isInstanceOf(OrganizationException.DuplicateSlug.class);
    }

    @Test
    void slugNamesAndLimitsAreChecked() {
        assertThatThrownBy(() -> organizations.create(OPERATOR, new NewOrganization("Pizzeria!", "P", null, 5)))
                .isInstanceOfSatisfying(
                        OrganizationException.InvalidValue.class,
                        e -> assertThat(e.field()).isEqualTo("slug"));
        assertThatThrownBy(() -> organizations.create(OPERATOR, new NewOrganization("p", " ", null, 5)))
                .isInstanceOfSatisfying(
                        OrganizationException.InvalidValue.class,
                        e -> assertThat(e.field()).isEqualTo("name"));
        assertThatThrownBy(() -> organizations.create(OPERATOR, new NewOrganization("p", "P", null, -1)))
                .isInstanceOfSatisfying(
                        OrganizationException.InvalidValue.class,
                        e -> assertThat(e.field()).isEqualTo("maxConcurrentCalls"));
    }

    @Test
    void anOperatorChangesTheLimitAndReplacesTheConfig() {
        long id = organizations
                .create(OPERATOR, new NewOrganization("pizzeria", "Pizzeria", "{\"greeting\": \"Hi\"}", 5))
                .id();

        assertThat(organizations.updateLimit(OPERATOR, id, 12).maxConcurrentCalls())
                .isEqualTo(12);
        Organization reconfigured = organizations.updateConfig(OPERATOR, id, "{\"voice\": \"it-voice\"}");

        assertThat(reconfigured.agentConfig()).isEqualTo(new AgentConfig(null, null, null, null, "it-voice", null));
        assertThat(reconfigured.maxConcurrentCalls()).isEqualTo(12);
        assertThat(reconfigured.updatedAt()).isAfterOrEqualTo(reconfigured.createdAt());
        assertThatThrownBy(() -> organizations.updateConfig(OPERATOR, id, "{\"maxCallSeconds\": 5}"))
                .isInstanceOf(InvalidAgentConfigException.class)
                .hasMessageContaining("maxCallSeconds");
        assertThatThrownBy(() -> organizations.updateLimit(OPERATOR, 987_654L, 1))
                .isInstanceOf(OrganizationException.NotFound.class);
    }

    @Test
    void aTenantReadsItsOwnOrganizationAndChangesNothing() {
        long pizzeria = organizations
                .create(OPERATOR, new NewOrganization("pizzeria", "Pizzeria", null, 5))
                .id();
        long bakery = organizations
                .create(OPERATOR, new NewOrganization("bakery", "Bakery", null, 5))
                .id();
        Actor mario = Actor.tenantAdmin(pizzeria, "mario@pizzeria.example");

        assertThat(organizations.list(mario)).extracting(Organization::id).containsExactly(pizzeria);
        assertThat(organizations.find(mario, bakery)).isEmpty();
        assertThat(organizations.findBySlug(mario, "bakery")).isEmpty();
        assertThatThrownBy(() -> organizations.updateLimit(mario, pizzeria, 100))
                .isInstanceOf(OrganizationException.NotPermitted.class);
        assertThatThrownBy(() -> organizations.updateConfig(mario, pizzeria, "{}"))
                .isInstanceOf(OrganizationException.NotPermitted.class);
        assertThatThrownBy(() -> organizations.create(mario, new NewOrganization("mine", "Mine", null, 5)))
                .isInstanceOf(OrganizationException.NotPermitted.class);
        assertThat(organizations.list(OPERATOR)).extracting(Organization::slug).containsExactly("bakery", "pizzeria");
    }
}
