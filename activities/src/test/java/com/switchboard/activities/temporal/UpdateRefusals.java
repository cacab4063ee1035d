package com.switchboard.activities.temporal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the updates (update-with-start included) that the server refused with RESOURCE_EXHAUSTED,
 * its answer while a workflow has as many updates in flight as {@code history.maxInFlightUpdates}
 * allows. Each attempt passes here, also the SDK's own retries.
 */
final class UpdateRefusals implements ClientInterceptor {
    private static final Set<String> UPDATES = Set.of(
            WorkflowServiceGrpc.getExecuteMultiOperationMethod().getFullMethodName(),
            WorkflowServiceGrpc.getUpdateWorkflowExecutionMethod().getFullMethodName());

    final AtomicInteger refused = new AtomicInteger();

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        ClientCall<Q, R> call = next.newCall(method, options);
        if (!UPDATES.contains(method.getFullMethodName())) {
            return call;
        }
        return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                super.start(
                        new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                            @Override
                            public void onClose(Status status, Metadata trailers) {
                                if (status.getCode() == Status.Code.RESOURCE_EXHAUSTED) {
                                    refused.incrementAndGet();
                                }
                                super.onClose(status, trailers);
                            }
                        },
                        headers);
            }
        };
    }
}
