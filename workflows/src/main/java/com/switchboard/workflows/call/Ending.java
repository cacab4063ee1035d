package com.switchboard.workflows.call;

/** How a call ends, decided by the workflow before its cleanup runs. */
record Ending(CallOutcome outcome, EndReason endReason) {}
