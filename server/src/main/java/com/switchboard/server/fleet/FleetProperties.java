package com.switchboard.server.fleet;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The GPU workers whose status the fleet page shows.
 *
 * @param workers each worker's status URL, e.g. {@code http://gpu-1:9090/status} (the GPU worker's
 *     status server, see gpu-workers' StatusServer); empty: no workers configured
 * @param timeout how long one worker may take to answer before it is shown as unreachable
 */
@ConfigurationProperties("switchboard.fleet")
public record FleetProperties(List<URI> workers, Duration timeout) {
    public FleetProperties {
        workers = workers == null ? List.of() : List.copyOf(workers);
        timeout = timeout == null ? Duration.ofSeconds(2) : timeout;
    }
}
