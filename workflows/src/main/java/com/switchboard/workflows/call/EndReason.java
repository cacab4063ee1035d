package com.switchboard.workflows.call;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import com.switchboard.workflows.call.Hangup.HangupSource;
import com.switchboard.workflows.route.Route.UnroutedReason;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The machine-readable detail of how a call ended, beside its {@link CallOutcome}. Its {@link
 * #wire()} string is what calls.end_reason holds and what every payload (Ending, CallSummary,
 * CloseCall, EndCall) carries in JSON: stored rows and recorded workflow histories hold these
 * strings, so a reason's string never changes once shipped, even where it reads in the opposite
 * word order to its outcome ({@code BUSY_NUMBER} / {@code number_busy}).
 */
public sealed interface EndReason
        permits EndReason.Fixed,
                EndReason.HungUp,
                EndReason.NotRouted,
                EndReason.SessionFailed,
                EndReason.StepFailed,
                EndReason.WorkflowClosed {

    /** The stored string, also the JSON form. */
    @JsonValue
    String wire();

    /** The reasons that carry no detail. */
    enum Fixed implements EndReason {
        HANGUP_BEFORE_JOIN("hangup_before_join"),
        JOIN_TIMEOUT("join_timeout"),
        HANGUP_BEFORE_ADMISSION("hangup_before_admission"),
        NUMBER_BUSY("number_busy"),
        ORGANIZATION_BUSY("organization_busy"),
        CALLER_LEFT("caller_left"),
        CALLER_MEDIA_LOST("caller_media_lost"),
        CALLER_MEDIA_TIMEOUT("caller_media_timeout"),
        AGENT_LEFT("agent_left"),
        ROOM_GONE("room_gone"),
        MAX_DURATION("max_duration"),
        SESSION_CANCELLED("session_cancelled"),
        HEARTBEAT_LOST("heartbeat_lost"),
        WORKER_SHUTDOWN("worker_shutdown"),
        SESSION_OVERRAN("session_overran"),
        AGENT_NO_SHOW("agent_no_show"),
        NO_GPU_CAPACITY("no_gpu_capacity"),
        WORKFLOW_CANCELLED("workflow_cancelled"),
        /**
         * Not by a workflow: the embedded default closes the calls its in-memory Temporal forgot
         * when it stopped.
         */
        EMBEDDED_RESTART("embedded_restart");

        private final String wire;

        Fixed(String wire) {
            this.wire = wire;
        }

        @Override
        @JsonValue
        public String wire() {
            return wire;
        }
    }

    /**
     * The caller hung up: the hangup's source in lower case ({@code participant_left}, ...), or
     * {@code hangup} for a hangup that names none.
     */
    record HungUp(HangupSource source) implements EndReason {
        @Override
        @JsonValue
        public String wire() {
            return source == null ? "hangup" : source.name().toLowerCase(Locale.ROOT);
        }
    }

    /** The dialed number routes nowhere: the reason in lower case ({@code unknown_number}, ...). */
    record NotRouted(UnroutedReason reason) implements EndReason {
        public NotRouted {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        @JsonValue
        public String wire() {
            return reason.name().toLowerCase(Locale.ROOT);
        }
    }

    /** The session failed otherwise: {@code session_failed:<failure type>}. */
    record SessionFailed(String failureType) implements EndReason {
        static final String PREFIX = "session_failed:";

        public SessionFailed {
            Objects.requireNonNull(failureType, "failureType");
        }

        @Override
        @JsonValue
        public String wire() {
            return PREFIX + failureType;
        }
    }

    /** A setup step failed for good: {@code step_failed:<activity type>}. */
    record StepFailed(String activityType) implements EndReason {
        static final String PREFIX = "step_failed:";

        public StepFailed {
            Objects.requireNonNull(activityType, "activityType");
        }

        @Override
        @JsonValue
        public String wire() {
            return PREFIX + activityType;
        }
    }

    /**
     * The call workflow closed without closing its calls row (terminated by an operator, say), as the
     * line audit found it: {@code workflow_<status>} with Temporal's status in lower case ({@code
     * terminated}, {@code timed_out}, {@code not_found}, ...). Not to be confused with {@link
     * Fixed#WORKFLOW_CANCELLED}, which the workflow itself records when it is cancelled.
     */
    record WorkflowClosed(String status) implements EndReason {
        static final String PREFIX = "workflow_";

        public WorkflowClosed {
            Objects.requireNonNull(status, "status");
        }

        @Override
        @JsonValue
        public String wire() {
            return PREFIX + status;
        }
    }

    static EndReason hungUp(Hangup hangup) {
        return new HungUp(hangup.source());
    }

    /**
     * The reason a stored string stands for; the inverse of {@link #wire()}.
     *
     * @throws IllegalArgumentException for a string no version of the workflow has written
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static EndReason of(String wire) {
        EndReason known = Known.BY_WIRE.get(wire);
        if (known != null) {
            return known;
        }
        if (wire.startsWith(SessionFailed.PREFIX)) {
            return new SessionFailed(wire.substring(SessionFailed.PREFIX.length()));
        }
        if (wire.startsWith(StepFailed.PREFIX)) {
            return new StepFailed(wire.substring(StepFailed.PREFIX.length()));
        }
        if (wire.startsWith(WorkflowClosed.PREFIX)) {
            return new WorkflowClosed(wire.substring(WorkflowClosed.PREFIX.length()));
        }
        throw new IllegalArgumentException("not an end reason: " + wire);
    }

    /** The reasons without a free-form part by their string, built once (every call reads a few). */
    final class Known {
        static final Map<String, EndReason> BY_WIRE =
                withoutDetail().collect(Collectors.toUnmodifiableMap(EndReason::wire, reason -> reason));

        private Known() {}
    }

    /** Every reason without a free-form part: those come first when a string is read back. */
    static Stream<EndReason> withoutDetail() {
        return Stream.of(
                        Arrays.stream(Fixed.values()),
                        Stream.concat(Stream.of((HangupSource) null), Arrays.stream(HangupSource.values()))
                                .map(HungUp::new),
                        Arrays.stream(UnroutedReason.values()).map(NotRouted::new))
                .flatMap(Function.identity());
    }
}
