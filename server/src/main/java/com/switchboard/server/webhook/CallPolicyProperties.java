package com.switchboard.server.webhook;

import com.switchboard.workflows.call.CallPolicy;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The timeouts every new call gets (see {@link CallPolicy}); unset ones take its defaults. */
@ConfigurationProperties("switchboard.call")
public record CallPolicyProperties(
        Duration joinTimeout,
        Duration sessionScheduleToStart,
        Duration sessionHeartbeatTimeout,
        Integer agentAttempts,
        Duration hangupGrace,
        String gpuPool) {

    public CallPolicy policy() {
        CallPolicy d = CallPolicy.defaults();
        return new CallPolicy(
                joinTimeout == null ? d.joinTimeout() : joinTimeout,
                sessionScheduleToStart == null ? d.sessionScheduleToStart() : sessionScheduleToStart,
                sessionHeartbeatTimeout == null ? d.sessionHeartbeatTimeout() : sessionHeartbeatTimeout,
                agentAttempts == null ? d.agentAttempts() : agentAttempts,
                hangupGrace == null ? d.hangupGrace() : hangupGrace,
                gpuPool == null ? d.gpuPool() : gpuPool);
    }
}
