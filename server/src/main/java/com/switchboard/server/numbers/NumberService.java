package com.switchboard.server.numbers;

import com.switchboard.activities.config.AgentConfigCodec;
import com.switchboard.activities.config.AgentConfigMerge;
import com.switchboard.activities.config.ConfigError;
import com.switchboard.activities.config.InvalidAgentConfigException;
import com.switchboard.activities.db.Actor;
import com.switchboard.server.calls.CallHistoryRepository;
import com.switchboard.server.calls.NumberUsage;
import com.switchboard.server.organizations.Organization;
import com.switchboard.server.organizations.OrganizationRepository;
import com.switchboard.workflows.route.AgentConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * The numbers' pages and API in terms of the repositories: joins a number with its organization's
 * name and its usage, and turns a page's fields into the override document. Every call acts as the
 * given actor.
 */
@Service
public class NumberService {
    /** The usage window of the inventory's "recent calls" column. */
    public static final int RECENT_DAYS = 30;

    /** More lines than any operator pastes at once; a bigger paste is a mistake. */
    public static final int MAX_NUMBERS_PER_BATCH = 1000;

    private final NumberRepository numbers;
    private final OrganizationRepository organizations;
    private final CallHistoryRepository calls;
    private final Clock clock;

    NumberService(NumberRepository numbers, OrganizationRepository organizations, CallHistoryRepository calls) {
        this.numbers = numbers;
        this.organizations = organizations;
        this.calls = calls;
        this.clock = Clock.systemUTC();
    }

    /** Every number the actor may see (a tenant: its own), by number. */
    public List<NumberView> list(Actor actor) {
        List<SipNumber> rows = numbers.list(actor);
        Map<Long, String> names = organizationNames(actor);
        Map<Long, NumberUsage> usage = usage(actor);
        return rows.stream().map(n -> view(n, names, usage)).toList();
    }

    /** @throws NumberException.NotFound also for a number of another tenant */
    public NumberView find(Actor actor, long numberId) {
        SipNumber number = numbers.find(actor, numberId).orElseThrow(() -> new NumberException.NotFound(numberId));
        return view(number, organizationNames(actor), usage(actor));
    }

    /** What the number's calls get for each key the number does not override. */
    public AgentConfig inherited(Actor actor, NumberView number) {
        AgentConfig organization = number.organizationId() == null
                ? AgentConfig.EMPTY
                : organizations
                        .find(actor, number.organizationId())
                        .map(Organization::agentConfig)
                        .orElse(AgentConfig.EMPTY);
        return AgentConfigMerge.merge(organization, AgentConfig.EMPTY);
    }

    /** Saves a number's page; every invalid field is named, not only the first. */
    EditResult edit(Actor actor, long numberId, NumberEdit edit) {
        NumberView current = find(actor, numberId);
        String override = edit.overrideJson(current.configOverride());
        try {
            numbers.update(actor, numberId, new NumberChanges(edit.label(), override, edit.active()));
            return new EditResult.Saved(find(actor, numberId));
        } catch (InvalidAgentConfigException e) {
            return new EditResult.Invalid(configErrors(e.errors()));
        } catch (NumberException.InvalidValue e) {
            Map<String, String> errors = new LinkedHashMap<>();
            errors.put(e.field(), e.getMessage());
            errors.putAll(configErrors(AgentConfigCodec.parseLenient(override).errors()));
            return new EditResult.Invalid(errors);
        }
    }

    /** Applies an API patch: null components stay as they are. */
    public NumberView patch(Actor actor, long numberId, NumberChanges changes) {
        numbers.update(actor, numberId, changes);
        return find(actor, numberId);
    }

    /**
     * Adds numbers, all or none.
     *
     * @param organizationId assign them at once, or null for the inventory
     */
    public List<NumberView> add(Actor actor, List<String> written, Long organizationId, String label, int limit) {
        if (written == null || written.isEmpty()) {
            throw new NumberException.InvalidValue("numbers", "write at least one number");
        }
        if (written.size() > MAX_NUMBERS_PER_BATCH) {
            throw new NumberException.InvalidValue("numbers", "at most " + MAX_NUMBERS_PER_BATCH + " numbers at once");
        }
        List<SipNumber> added = numbers.addAll(
                actor,
                written.stream()
                        .map(n -> new NewNumber(n, organizationId, label, limit))
                        .toList());
        Map<Long, String> names = organizationNames(actor);
        return added.stream().map(n -> view(n, names, Map.of())).toList();
    }

    public NumberView assign(Actor actor, long numberId, long organizationId) {
        numbers.assign(actor, numberId, organizationId);
        return find(actor, numberId);
    }

    public NumberView unassign(Actor actor, long numberId) {
        numbers.unassign(actor, numberId);
        return find(actor, numberId);
    }

    public NumberView setLimit(Actor actor, long numberId, int maxConcurrentCalls) {
        numbers.updateLimit(actor, numberId, maxConcurrentCalls);
        return find(actor, numberId);
    }

    /** The number's assignments, oldest first, with organization names. */
    public List<AssignmentView> history(Actor actor, long numberId) {
        find(actor, numberId);
        Map<Long, String> names = organizationNames(actor);
        return numbers.history(actor, numberId).stream()
                .map(a -> assignment(a, names))
                .toList();
    }

    /** The organizations a number may be assigned to, by name. */
    public List<Organization> organizations(Actor actor) {
        return organizations.list(actor);
    }

    /** The numbers of a textarea: one per line, or separated by commas or semicolons. */
    static List<String> splitNumbers(String written) {
        if (written == null) {
            return List.of();
        }
        return Arrays.stream(written.split("[\\r\\n,;]+"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static AssignmentView assignment(NumberAssignment a, Map<Long, String> names) {
        return new AssignmentView(
                a.action(),
                a.fromOrganizationId(),
                name(a.fromOrganizationId(), names),
                a.toOrganizationId(),
                name(a.toOrganizationId(), names),
                a.actor(),
                a.at());
    }

    private static String name(Long organizationId, Map<Long, String> names) {
        if (organizationId == null) {
            return null;
        }
        // The audit keeps ids of organizations deleted since.
        return names.getOrDefault(organizationId, "#" + organizationId + " (deleted)");
    }

    private Map<Long, String> organizationNames(Actor actor) {
        return organizations.list(actor).stream()
                .collect(Collectors.toMap(Organization::id, Organization::name, (a, b) -> a));
    }

    private Map<Long, NumberUsage> usage(Actor actor) {
        return calls.usageByNumber(actor, clock.instant().minus(Duration.ofDays(RECENT_DAYS)));
    }

    private static NumberView view(SipNumber number, Map<Long, String> names, Map<Long, NumberUsage> usage) {
        return NumberView.of(
                number,
                number.organizationId() == null ? null : names.get(number.organizationId()),
                usage.getOrDefault(number.id(), NumberUsage.none(number.id())));
    }

    private static Map<String, String> configErrors(List<ConfigError> errors) {
        return errors.stream()
                .collect(Collectors.toMap(
                        e -> ConfigError.DOCUMENT.equals(e.key()) ? "form" : e.key(),
                        ConfigError::message,
                        (a, b) -> a + "; " + b,
                        LinkedHashMap::new));
    }
}
