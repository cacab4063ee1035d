/**
 * {@code java -jar server.jar livekit provision}: the inbound trunk and dispatch rule for the PBX,
 * created idempotently, and the config snippets and nftables rules that admit SIP from the PBX's
 * addresses only; an allowlist LiveKit would read as "everyone" is refused before anything is
 * provisioned.
 */
package com.switchboard.server.provisioning;
