/**
 * One SIP call as a workflow, id {@code call-<roomName>}: route, acquire a line, open the ledger,
 * supervise the agent session, and always clean up; {@link
 * com.switchboard.workflows.call.CallWorkflowImpl} holds the table of every way a call ends.
 */
package com.switchboard.workflows.call;
