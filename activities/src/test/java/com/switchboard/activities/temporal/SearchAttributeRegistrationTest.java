package com.switchboard.activities.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.testing.TestWorkflowEnvironment;
import org.junit.jupiter.api.Test;

class SearchAttributeRegistrationTest {

    @Test
    void registeringOnEveryStartAddsTheCallAttributesOnceAndThenLeavesThemAlone() {
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            assertThat(SearchAttributeRegistration.register(env.getWorkflowServiceStubs(), env.getNamespace()))
                    .containsExactly("OrganizationId", "CalledNumber", "CallerNumber", "CallOutcome");

            assertThat(SearchAttributeRegistration.register(env.getWorkflowServiceStubs(), env.getNamespace()))
                    .isEmpty();
        }
    }
}
