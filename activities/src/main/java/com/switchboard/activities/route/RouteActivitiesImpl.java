package com.switchboard.activities.route;

import com.switchboard.workflows.route.Route;
import com.switchboard.workflows.route.RouteActivities;
import com.switchboard.workflows.route.RouteRequest;

/** Routing as an activity. Read-only, so Temporal may retry it freely on database errors. */
public final class RouteActivitiesImpl implements RouteActivities {
    private final RoutingRepository routing;

    public RouteActivitiesImpl(RoutingRepository routing) {
        this.routing = routing;
    }

    @Override
    public Route route(RouteRequest request) {
        return routing.route(request == null ? null : request.calledNumber());
    }
}
