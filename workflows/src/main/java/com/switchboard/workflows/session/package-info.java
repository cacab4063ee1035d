/**
 * The agent session on a GPU worker (task queue {@code agent-sessions}): what the call workflow
 * asks for, what the worker reports by heartbeat, and why a session ended.
 */
package com.switchboard.workflows.session;
