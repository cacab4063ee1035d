package com.switchboard.server.temporal;

import io.temporal.serviceclient.RpcRetryOptions;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TemporalConfiguration {
    private static final Logger log = LoggerFactory.getLogger(TemporalConfiguration.class);

    /**
     * A webhook is answered only after Temporal took it; when Temporal is down the answer must be a
     * quick 503 (LiveKit retries), not a request that hangs for the SDK's default minute of RPC
     * retries. Long polls keep their own, longer deadline.
     */
    @Bean
    TemporalOptionsCustomizer<WorkflowServiceStubsOptions.Builder> boundedRpcs(
            @Value("${switchboard.temporal.rpc-timeout:PT5S}") Duration rpcTimeout) {
        return builder -> {
            log.info("Temporal RPCs give up after {}", rpcTimeout);
            return builder.setRpcTimeout(rpcTimeout)
                    .setSystemInfoTimeout(rpcTimeout)
                    .setRpcRetryOptions(RpcRetryOptions.newBuilder()
                            .setExpiration(rpcTimeout)
                            .validateBuildWithDefaults());
        };
    }
}
