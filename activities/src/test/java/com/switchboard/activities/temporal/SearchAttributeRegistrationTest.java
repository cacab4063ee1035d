package com.switchboard.activities.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import com.switchboard.temporal.dev.SharedTemporal;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import org.junit.jupiter.api.Test;

class SearchAttributeRegistrationTest {

    @Test
    void registeringOnEveryStartAddsTheCallAttributesOnceAndThenLeavesThemAlone() {
        String namespace = SharedTemporal.newNamespace("attributes");
        WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget(SharedTemporal.target())
                .build());
        try {
            assertThat(SearchAttributeRegistration.register(service, namespace))
                    .containsExactly("OrganizationId", "CalledNumber", "CallerNumber", "CallOutcome");

            assertThat(SearchAttributeRegistration.register(service, namespace)).isEmpty();
        } finally {
            service.shutdownNow();
        }
    }

    @Test
    void onTheJavaTestServerWhichCannotListThemRegistrationIsAsIdempotent() {
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            assertThat(SearchAttributeRegistration.register(env.getWorkflowServiceStubs(), env.getNamespace()))
                    .containsExactly("OrganizationId", "CalledNumber", "CallerNumber", "CallOutcome");

            assertThat(SearchAttributeRegistration.register(env.getWorkflowServiceStubs(), env.getNamespace()))
                    .isEmpty();
        }
    }
}
