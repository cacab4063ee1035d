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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real Temporal server refuses an update while a workflow has 10 in flight; the test server has
 * no such limit. This client-side interceptor puts it back: an update-with-start beyond {@code limit}
 * concurrent ones is refused with RESOURCE_EXHAUSTED, in the server's words.
 */
final class InFlightUpdateLimit implements ClientInterceptor {
    private final int limit;
    private final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger refused = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();

    InFlightUpdateLimit(int limit) {
        this.limit = limit;
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        if (!method.getFullMethodName()
                .equals(WorkflowServiceGrpc.getExecuteMultiOperationMethod().getFullMethodName())) {
            return next.newCall(method, options);
        }
        int now = inFlight.incrementAndGet();
        if (now > limit) {
            inFlight.decrementAndGet();
            refused.incrementAndGet();
            return new Refused<>(limit);
        }
        maxInFlight.accumulateAndGet(now, Math::max);
        return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                super.start(
                        new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
                            @Override
                            public void onClose(Status status, Metadata trailers) {
                                inFlight.decrementAndGet();
                                super.onClose(status, trailers);
                            }
                        },
                        headers);
            }
        };
    }

    private static final class Refused<Q, R> extends ClientCall<Q, R> {
        private final int limit;

        Refused(int limit) {
            this.limit = limit;
        }

        @Override
        public void start(Listener<R> listener, Metadata headers) {
            listener.onClose(
                    Status.RESOURCE_EXHAUSTED.withDescription(
                            "limit on number of concurrent in-flight updates has been reached (" + limit + ")"),
                    new Metadata());
        }

        @Override
        public void request(int numMessages) {}

        @Override
        public void cancel(String message, Throwable cause) {}

        @Override
        public void halfClose() {}

        @Override
        public void sendMessage(Q message) {}
    }
}
