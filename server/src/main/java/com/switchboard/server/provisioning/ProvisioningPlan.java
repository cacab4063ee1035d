package com.switchboard.server.provisioning;

/**
 * The LiveKit SIP objects Switchboard needs for one PBX.
 *
 * @param name the trunk's and the dispatch rule's name, {@code switchboard-<pbx name>}: how a re-run
 *     finds what an earlier run created
 * @param roomPrefix the individual dispatch rule's room prefix; the webhook starter takes only rooms
 *     named with it for calls
 */
record ProvisioningPlan(String name, String roomPrefix, SourceAllowlist allowlist) {

    static ProvisioningPlan forPbx(String pbxName, String roomPrefix, SourceAllowlist allowlist) {
        if (pbxName == null || !pbxName.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new ProvisioningRefused(java.util.List.of("switchboard.provisioning.pbx-name must be lower-case"
                    + " letters, digits and dashes (it names the trunk and rule): " + pbxName));
        }
        if (roomPrefix == null || roomPrefix.isBlank()) {
            throw new ProvisioningRefused(java.util.List.of("switchboard.livekit.room-prefix must not be empty"));
        }
        return new ProvisioningPlan("switchboard-" + pbxName, roomPrefix, allowlist);
    }
}
