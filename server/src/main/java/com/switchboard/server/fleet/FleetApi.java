package com.switchboard.server.fleet;

import com.switchboard.server.security.Roles;
import com.switchboard.server.web.ApiController;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;

@ApiController
@PreAuthorize(Roles.IS_OPERATOR)
@Tag(name = "fleet", description = "GPU workers (operator)")
public class FleetApi {
    private final Fleet fleet;

    FleetApi(Fleet fleet) {
        this.fleet = fleet;
    }

    @GetMapping("/api/v1/fleet")
    @Operation(summary = "Every configured GPU worker's status, slots used and free")
    public FleetView fleet() {
        return fleet.read();
    }
}
