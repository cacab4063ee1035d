package com.switchboard.workflows.testing;

import com.switchboard.workflows.route.Route;
import com.switchboard.workflows.route.RouteActivities;
import com.switchboard.workflows.route.RouteRequest;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Routes every number the same way, chosen by the test. */
public final class FixedRoutes implements RouteActivities {
    public final List<RouteRequest> requests = new CopyOnWriteArrayList<>();
    private volatile Route answer;

    public FixedRoutes(Route answer) {
        this.answer = answer;
    }

    public void answer(Route answer) {
        this.answer = answer;
    }

    @Override
    public Route route(RouteRequest request) {
        requests.add(request);
        return answer;
    }
}
