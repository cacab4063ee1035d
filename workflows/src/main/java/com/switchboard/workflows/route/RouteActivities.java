package com.switchboard.workflows.route;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;

@ActivityInterface
public interface RouteActivities {
    /** Finds the organization and merged agent config of a dialed number. Read-only, so retry-safe. */
    @ActivityMethod
    Route route(RouteRequest request);
}
