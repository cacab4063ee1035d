package com.switchboard.server.provisioning;

import java.util.List;

/** LiveKit SIP's {@code rtp_port} range; each call needs two ports of it (RTP and RTCP). */
record RtpPortRange(int first, int last) {
    static final int PORTS_PER_CALL = 2;

    RtpPortRange {
        if (first < 1024 || last > 65535 || first > last) {
            throw new ProvisioningRefused(List.of("RTP port range " + first + "-" + last
                    + " is not a range of unprivileged ports (1024-65535, low-high)"));
        }
    }

    static RtpPortRange parse(String text) {
        String[] parts = text.strip().split("-");
        try {
            if (parts.length == 2) {
                return new RtpPortRange(Integer.parseInt(parts[0].strip()), Integer.parseInt(parts[1].strip()));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ProvisioningRefused(List.of("RTP port range must look like 10000-20000: " + text));
    }

    int ports() {
        return last - first + 1;
    }

    int callCapacity() {
        return ports() / PORTS_PER_CALL;
    }

    /** Refuses a range too small for the planned number of concurrent calls. */
    void requireCapacity(int plannedConcurrentCalls) {
        if (plannedConcurrentCalls < 1) {
            throw new ProvisioningRefused(List.of("planned concurrent calls must be at least 1"));
        }
        if (callCapacity() < plannedConcurrentCalls) {
            throw new ProvisioningRefused(List.of("RTP port range " + first + "-" + last + " has " + ports()
                    + " ports, enough for " + callCapacity() + " concurrent calls at " + PORTS_PER_CALL
                    + " ports each, but " + plannedConcurrentCalls + " are planned: widen rtp_port in LiveKit SIP's"
                    + " configuration (and the firewall) to at least " + PORTS_PER_CALL * plannedConcurrentCalls
                    + " ports"));
        }
    }
}
