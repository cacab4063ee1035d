package com.switchboard.activities.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import com.switchboard.temporal.dev.SharedTemporal;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
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
}
