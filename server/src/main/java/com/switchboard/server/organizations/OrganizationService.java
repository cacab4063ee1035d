package com.switchboard.server.organizations;

import com.switchboard.activities.config.AgentConfigCodec;
import com.switchboard.activities.db.Actor;
import com.switchboard.server.calls.CallHistoryRepository;
import com.switchboard.server.numbers.NumberRepository;
import com.switchboard.server.numbers.SipNumber;
import com.switchboard.server.security.Accounts;
import com.switchboard.server.security.AppUser;
import com.switchboard.server.security.UserRepository;
import com.switchboard.server.security.UserRole;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/** Organizations for the operator: list with usage, create, limit, base agent config, users. */
@Service
class OrganizationService {
    private final OrganizationRepository organizations;
    private final NumberRepository numbers;
    private final CallHistoryRepository calls;
    private final UserRepository users;
    private final Accounts accounts;

    OrganizationService(
            OrganizationRepository organizations,
            NumberRepository numbers,
            CallHistoryRepository calls,
            UserRepository users,
            Accounts accounts) {
        this.organizations = organizations;
        this.numbers = numbers;
        this.calls = calls;
        this.users = users;
        this.accounts = accounts;
    }

    List<OrganizationView> list(Actor actor) {
        Map<Long, Long> numberCounts = numbers.list(actor).stream()
                .map(SipNumber::organizationId)
                .filter(Objects::nonNull)
                .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        Map<Long, Integer> live = calls.liveCountsByOrganization(actor);
        return organizations.list(actor).stream()
                .map(o -> OrganizationView.of(
                        o, numberCounts.getOrDefault(o.id(), 0L).intValue(), live.getOrDefault(o.id(), 0)))
                .toList();
    }

    OrganizationView find(Actor actor, long organizationId) {
        Organization organization = organizations
                .find(actor, organizationId)
                .orElseThrow(() -> new OrganizationException.NotFound(organizationId));
        int numberCount = numbers.listForOrganization(actor, organizationId).size();
        int live = calls.liveCountsByOrganization(actor).getOrDefault(organizationId, 0);
        return OrganizationView.of(organization, numberCount, live);
    }

    List<SipNumber> numbers(Actor actor, long organizationId) {
        return numbers.listForOrganization(actor, organizationId);
    }

    List<AppUser> users(Actor actor, long organizationId) {
        find(actor, organizationId);
        return users.listForOrganization(actor, organizationId);
    }

    /**
     * @throws com.switchboard.activities.config.InvalidAgentConfigException naming every bad key
     */
    OrganizationView create(Actor actor, NewOrganization organization) {
        return view(organizations.create(actor, organization));
    }

    OrganizationView setLimit(Actor actor, long organizationId, int maxConcurrentCalls) {
        organizations.updateLimit(actor, organizationId, maxConcurrentCalls);
        return find(actor, organizationId);
    }

    /**
     * @throws com.switchboard.activities.config.InvalidAgentConfigException naming every bad key
     */
    OrganizationView setAgentConfig(Actor actor, long organizationId, String agentConfig) {
        organizations.updateConfig(actor, organizationId, agentConfig);
        return find(actor, organizationId);
    }

    AppUser addUser(
            Actor actor, long organizationId, String email, String displayName, UserRole role, String password) {
        find(actor, organizationId);
        return accounts.createUser(actor, email, displayName, role, organizationId, password);
    }

    /** The agent config as the page's textarea shows it. */
    static String configJson(OrganizationView organization) {
        return AgentConfigCodec.toJson(organization.agentConfig());
    }

    private OrganizationView view(Organization organization) {
        return OrganizationView.of(organization, 0, 0);
    }
}
