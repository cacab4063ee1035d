package com.switchboard.server.provisioning;

import java.util.List;

/** What a provisioning run found and did. */
record ProvisioningReport(String trunkId, Change trunk, String ruleId, Change rule, List<String> warnings) {
    enum Change {
        CREATED,
        UPDATED,
        UNCHANGED
    }

    ProvisioningReport {
        warnings = List.copyOf(warnings);
    }
}
