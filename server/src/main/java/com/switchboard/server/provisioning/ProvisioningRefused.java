package com.switchboard.server.provisioning;

import java.util.List;

/** The configuration would provision something unsafe or unworkable; nothing was changed. */
public final class ProvisioningRefused extends RuntimeException {
    private final List<String> reasons;

    public ProvisioningRefused(List<String> reasons) {
        super(String.join("; ", reasons));
        this.reasons = List.copyOf(reasons);
    }

    public List<String> reasons() {
        return reasons;
    }
}
