package com.switchboard.activities.temporal;

import com.switchboard.workflows.CallSearchAttributes;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers the call search attributes with the service, so that workflows may upsert them and
 * operators may filter by them in Temporal UI. Safe to run on every start: an attribute that exists
 * already is left alone.
 */
public final class SearchAttributeRegistration {
    private static final Logger log = LoggerFactory.getLogger(SearchAttributeRegistration.class);

    private SearchAttributeRegistration() {}

    /** Registers {@link CallSearchAttributes#ALL} over the operator service that shares {@code service}'s channel. */
    public static List<String> register(WorkflowServiceStubs service, String namespace) {
        OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(OperatorServiceStubsOptions.newBuilder()
                .setChannel(service.getRawChannel())
                .validateAndBuildWithDefaults());
        try {
            return register(operator, namespace);
        } finally {
            // The channel belongs to the workflow service stubs; only these stubs end here.
            operator.shutdown();
        }
    }

    /** Registers {@link CallSearchAttributes#ALL}; returns the names this call added. */
    public static List<String> register(OperatorServiceStubs operator, String namespace) {
        // The real server answers success to a repeated add of the same attribute, the test server
        // ALREADY_EXISTS: ask first, so that both say the same and nothing is added twice.
        Map<String, IndexedValueType> existing = existing(operator, namespace);
        List<String> added = new ArrayList<>();
        // One request per attribute: "already exists" for one must not keep the others out.
        for (SearchAttributeKey<?> key : CallSearchAttributes.ALL) {
            if (existing.containsKey(key.getName())) {
                log.debug("search attribute {} exists already", key.getName());
                continue;
            }
            try {
                operator.blockingStub()
                        .addSearchAttributes(AddSearchAttributesRequest.newBuilder()
                                .setNamespace(namespace)
                                .putSearchAttributes(key.getName(), key.getValueType())
                                .build());
                added.add(key.getName());
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
                    throw e;
                }
                log.debug("search attribute {} added meanwhile", key.getName());
            }
        }
        return List.copyOf(added);
    }

    private static Map<String, IndexedValueType> existing(OperatorServiceStubs operator, String namespace) {
        try {
            return operator.blockingStub()
                    .listSearchAttributes(ListSearchAttributesRequest.newBuilder()
                            .setNamespace(namespace)
                            .build())
                    .getCustomAttributesMap();
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
                throw e;
            }
            // The Java test server cannot list them; its ALREADY_EXISTS tells the same below.
            return Map.of();
        }
    }
}
