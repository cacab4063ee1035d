package com.switchboard.server.fleet;

import com.switchboard.server.security.Roles;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The operator's view of the GPU fleet: workers, slots used and free, sessions. */
@Controller
@PreAuthorize(Roles.IS_OPERATOR)
public class FleetController {
    private final Fleet fleet;

    FleetController(Fleet fleet) {
        this.fleet = fleet;
    }

    @GetMapping("/operator/fleet")
    public String fleet(Model model) {
        model.addAttribute("fleet", fleet.read());
        return "operator/fleet";
    }
}
