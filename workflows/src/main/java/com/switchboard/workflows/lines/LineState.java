package com.switchboard.workflows.lines;

import java.util.List;

/**
 * Everything a LineWorkflow knows; carried whole across continue-as-new.
 *
 * @param organizationId whose lines these are
 * @param holders the calls that hold a line now
 */
public record LineState(long organizationId, List<LineHolder> holders) {
    public LineState {
        holders = holders == null ? List.of() : List.copyOf(holders);
    }

    public static LineState empty(long organizationId) {
        return new LineState(organizationId, List.of());
    }
}
