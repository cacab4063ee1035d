package com.switchboard.server.metrics;

import com.switchboard.workflows.CallSearchAttributes;
import io.temporal.common.SearchAttributeUpdate;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowOutboundCallsInterceptorBase;
import io.temporal.workflow.Workflow;
import java.lang.reflect.RecordComponent;
import org.slf4j.MDC;

/**
 * Puts the call's organization into the MDC of every thread that works on the call:
 *
 * <ul>
 *   <li>a CallWorkflow learns its organization when routing upserts the {@code OrganizationId}
 *       search attribute; from then on its own lines, and through {@link CallLogContext} its
 *       activities', carry it;
 *   <li>a LineWorkflow ({@code lines-<organizationId>}) knows it from its id;
 *   <li>an activity whose header carries none (the first steps of a call, or a worker in another
 *       process) takes it from its input when the input names an {@code organizationId}.
 * </ul>
 *
 * Only the MDC changes: nothing here touches workflow state, so replay is unaffected.
 */
final class CallLoggingInterceptor extends WorkerInterceptorBase {
    private static final String LINES_PREFIX = "lines-";

    @Override
    public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
        return new WorkflowInboundCallsInterceptorBase(next) {
            @Override
            public void init(WorkflowOutboundCallsInterceptor outboundCalls) {
                super.init(new OrganizationFromSearchAttributes(outboundCalls));
            }

            @Override
            public WorkflowOutput execute(WorkflowInput input) {
                String workflowId = Workflow.getInfo().getWorkflowId();
                if (workflowId.startsWith(LINES_PREFIX)) {
                    CallLogContext.put(workflowId.substring(LINES_PREFIX.length()));
                }
                return super.execute(input);
            }
        };
    }

    @Override
    public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
        return new ActivityInboundCallsInterceptorBase(next) {
            @Override
            public ActivityOutput execute(ActivityInput input) {
                boolean fromInput = MDC.get(CallLogContext.ORGANIZATION) == null;
                if (fromInput) {
                    CallLogContext.put(organizationOf(input.getArguments()));
                }
                try {
                    return super.execute(input);
                } finally {
                    if (fromInput) {
                        CallLogContext.put(null);
                    }
                }
            }
        };
    }

    /** The {@code organizationId} component of a record argument, if any (as text). */
    static String organizationOf(Object[] arguments) {
        for (Object argument : arguments) {
            if (argument == null || !argument.getClass().isRecord()) {
                continue;
            }
            for (RecordComponent component : argument.getClass().getRecordComponents()) {
                if (component.getName().equals("organizationId")) {
                    try {
                        Object value = component.getAccessor().invoke(argument);
                        return value == null ? null : value.toString();
                    } catch (ReflectiveOperationException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }

    private static final class OrganizationFromSearchAttributes extends WorkflowOutboundCallsInterceptorBase {
        OrganizationFromSearchAttributes(WorkflowOutboundCallsInterceptor next) {
            super(next);
        }

        @Override
        public void upsertTypedSearchAttributes(SearchAttributeUpdate<?>... updates) {
            for (SearchAttributeUpdate<?> update : updates) {
                if (update.getKey().equals(CallSearchAttributes.ORGANIZATION_ID)) {
                    CallLogContext.put(update.getValue().map(Object::toString).orElse(null));
                }
            }
            super.upsertTypedSearchAttributes(updates);
        }
    }
}
