/**
 * The agent-session activity: dispatch the tenant's agent into the room explicitly, then watch the
 * room and heartbeat until the caller, the agent or the room is gone.
 */
package com.switchboard.gpu.session;
