package com.switchboard.workflows.lines;

import java.time.Instant;

/** A call that holds a line: which number it came in on and since when. */
public record LineHolder(String callWorkflowId, long numberId, Instant since) {}
