package com.switchboard.bench.chaos;

import static com.switchboard.db.Tables.ACTIVE_CALLS;
import static com.switchboard.db.Tables.CALLS;
import static com.switchboard.db.Tables.ORGANIZATIONS;
import static com.switchboard.db.Tables.SIP_NUMBERS;

import com.switchboard.livekit.simulator.CallState;
import com.switchboard.livekit.simulator.EndCause;
import com.switchboard.livekit.simulator.LiveKitSimulator;
import com.switchboard.livekit.simulator.SimulatedCall;
import com.switchboard.livekit.simulator.WebhookDelivery;
import com.switchboard.workflows.WorkflowIds;
import com.switchboard.workflows.lines.LineHolder;
import com.switchboard.workflows.lines.LineState;
import com.switchboard.workflows.lines.LineWorkflow;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record2;

/**
 * The chaos soak: places calls through the LiveKit simulator (whose webhook faults the caller
 * configures) at a steady rate over several organizations with limits, stops and starts GPU workers
 * and the server along the way, samples every ~250 ms what is admitted (active_calls per organization
 * and number, and each organization's LineWorkflow state), and at the end checks every call against
 * what the simulator did. Every broken invariant is a line in {@link Result#violations()}.
 */
public final class ChaosSoak {
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(250);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Set<String> REJECTED_WHILE_RINGING =
            Set.of("busy_number", "busy_organization", "unrouted", "no_gpu_capacity");

    /** What the soak's caller does. */
    enum Script {
        /** Talks for a while once answered, then hangs up. */
        TALK,
        /** Once answered, its audio stops: a ghost LiveKit drops after its media timeout. */
        GHOST,
        /** Hangs up almost at once, usually while it still rings. */
        ABANDON,
        /** Dials a number nobody owns. */
        UNROUTED
    }

    /** One placed call and what the soak did to it. */
    record Placed(
            String room, Script script, long organizationId, long numberId, Instant placedAt, Instant mediaStoppedAt) {}

    record Tenant(
            long organizationId, int limit, Map<Long, Integer> numberLimits, List<String> phones, List<Long> ids) {}

    /** A stop-start of the server or a GPU worker: when the part was gone. */
    record Outage(String part, Instant from, Instant to) {
        boolean overlaps(Instant a, Instant b) {
            return !from.isAfter(b) && !(to != null && to.isBefore(a));
        }
    }

    /** The printed summary is also returned, with every violation found. */
    public record Result(List<String> violations, Map<String, Integer> outcomes, Duration ghostMax, Duration ghostP99) {
        public boolean passed() {
            return violations.isEmpty();
        }

        /**
         * Calls the soak classified otherwise than the simulator saw them ("call X: ... ended Y,
         * expected Z"): under injected faults how a call is classified races real timers (a GPU host
         * halted between the agent's answer and the heartbeat that reports it, a webhook lost).
         */
        public List<String> misclassified() {
            return violations.stream()
                    .filter(v -> v.matches("call \\S+: .* ended .*, expected .*"))
                    .toList();
        }

        /**
         * Limits, leaks and one history row per call are invariants, none may break; classifications
         * may differ for at most 1 % of the calls. Both the in-suite soak and the harness judge so.
         */
        public boolean passedWithinFaultTolerance(int calls) {
            return violations.size() == misclassified().size()
                    && misclassified().size() <= calls / 100;
        }
    }

    private final SoakPlan plan;
    private final SoakServices services;
    private final PrintStream out;
    private final Random random;
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<Outage> outages = new CopyOnWriteArrayList<>();
    private final AtomicBoolean serverUp = new AtomicBoolean(true);
    private final Map<Long, Integer> maxOrgActive = new ConcurrentHashMap<>();
    private final Map<Long, Integer> maxNumberActive = new ConcurrentHashMap<>();
    private final Map<Long, Integer> maxOrgHolders = new ConcurrentHashMap<>();
    private final Map<Long, Integer> maxNumberHolders = new ConcurrentHashMap<>();
    private final AtomicInteger samples = new AtomicInteger();
    private final AtomicInteger lineQueries = new AtomicInteger();
    private final AtomicInteger lineQueriesSkipped = new AtomicInteger();
    private final Map<Long, Integer> numberLimits = new HashMap<>();
    private final Map<Long, Integer> organizationLimits = new HashMap<>();

    private ChaosSoak(SoakPlan plan, SoakServices services, PrintStream out) {
        this.plan = plan;
        this.services = services;
        this.out = out;
        this.random = new Random(plan.seed());
    }

    public static Result run(SoakPlan plan, SoakServices services, PrintStream out) throws InterruptedException {
        return new ChaosSoak(plan, services, out).run();
    }

    private Result run() throws InterruptedException {
        Instant start = Instant.now();
        List<Tenant> tenants = createTenants();
        out.printf(
                "chaos soak: %d calls at %.1f/s over %d organizations (limit %d; numbers %d each, limits 1 and %d),"
                        + " ghosts %.0f%%, abandons %.0f%%, unrouted %.0f%%, %d GPU worker restarts, %d server restarts,"
                        + " %d Temporal server kills, seed %d%n",
                plan.calls(),
                plan.callsPerSecond(),
                plan.organizations(),
                plan.organizationLimit(),
                plan.numbersPerOrganization(),
                plan.numberLimit(),
                plan.ghostShare() * 100,
                plan.abandonShare() * 100,
                plan.unroutedShare() * 100,
                plan.gpuRestarts(),
                plan.serverRestarts(),
                services.temporal().isPresent() ? plan.temporalRestarts() : 0,
                plan.seed());

        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().name("soak-sampler").start(() -> sample(tenants, sampling));
        Duration placing = Duration.ofMillis((long) (plan.calls() / plan.callsPerSecond() * 1000));
        Thread chaos = Thread.ofPlatform().name("soak-chaos").start(() -> chaos(placing));

        List<Placed> placed = Collections.synchronizedList(new ArrayList<>());
        List<Thread> callers = new ArrayList<>();
        long intervalNanos = (long) (1e9 / plan.callsPerSecond());
        long t0 = System.nanoTime();
        for (int i = 0; i < plan.calls(); i++) {
            long due = t0 + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            Script script = pick();
            Tenant tenant = tenants.get(random.nextInt(tenants.size()));
            int which = random.nextInt(tenant.phones().size());
            String called = script == Script.UNROUTED
                    ? String.format("+3905599%05d", random.nextInt(100_000))
                    : tenant.phones().get(which);
            long numberId = script == Script.UNROUTED ? -1 : tenant.ids().get(which);
            long organizationId = script == Script.UNROUTED ? -1 : tenant.organizationId();
            String caller = String.format("+39333%07d", i);
            long hold = plan.minHold().toMillis()
                    + (long) (random.nextDouble()
                            * (plan.maxHold().minus(plan.minHold()).toMillis()));
            long abandonAfter = random.nextInt(400);
            callers.add(Thread.ofVirtual()
                    .name("soak-call-" + i)
                    .start(() ->
                            playCall(script, called, caller, organizationId, numberId, hold, abandonAfter, placed)));
            if (i > 0 && i % 500 == 0) {
                out.printf("  %d calls placed (%s)%n", i, elapsed(start));
            }
        }
        out.printf("  all %d calls placed (%s)%n", plan.calls(), elapsed(start));
        chaos.join();
        for (Thread caller : callers) {
            caller.join();
        }
        out.printf("  every caller is done (%s); waiting for the system to settle%n", elapsed(start));
        boolean settled = settle(tenants, placed);
        sampling.set(false);
        sampler.join();

        Result result = check(tenants, placed, settled);
        out.printf(
                "chaos soak %s in %s: %d violations%n",
                result.passed() ? "PASSED" : "FAILED",
                elapsed(start),
                result.violations().size());
        return result;
    }

    // ---------------------------------------------------------------- setup

    private List<Tenant> createTenants() {
        DSLContext db = services.owner();
        List<Tenant> tenants = new ArrayList<>();
        String tag = Long.toString(Math.abs(plan.seed() % 1000)) + "-" + (System.currentTimeMillis() % 100_000);
        for (int o = 0; o < plan.organizations(); o++) {
            long organizationId = db.insertInto(ORGANIZATIONS)
                    .set(ORGANIZATIONS.SLUG, "soak-" + tag + "-" + o)
                    .set(ORGANIZATIONS.NAME, "Soak " + o)
                    .set(
                            ORGANIZATIONS.AGENT_CONFIG,
                            JSONB.valueOf("{\"agentName\":\"receptionist\",\"greeting\":\"Buongiorno\","
                                    + "\"language\":\"it-IT\",\"maxCallSeconds\":600}"))
                    .set(ORGANIZATIONS.MAX_CONCURRENT_CALLS, plan.organizationLimit())
                    .returningResult(ORGANIZATIONS.ID)
                    .fetchSingle()
                    .value1();
            organizationLimits.put(organizationId, plan.organizationLimit());
            Map<Long, Integer> limits = new LinkedHashMap<>();
            List<String> phones = new ArrayList<>();
            List<Long> ids = new ArrayList<>();
            for (int n = 0; n < plan.numbersPerOrganization(); n++) {
                int limit = n == 0 ? 1 : plan.numberLimit();
                String phone = String.format("+39055%07d", (organizationId % 10_000) * 100 + n);
                long numberId = db.insertInto(SIP_NUMBERS)
                        .set(SIP_NUMBERS.PHONE_NUMBER, phone)
                        .set(SIP_NUMBERS.ORGANIZATION_ID, organizationId)
                        .set(SIP_NUMBERS.MAX_CONCURRENT_CALLS, limit)
                        .returningResult(SIP_NUMBERS.ID)
                        .fetchSingle()
                        .value1();
                limits.put(numberId, limit);
                numberLimits.put(numberId, limit);
                phones.add(phone);
                ids.add(numberId);
            }
            tenants.add(new Tenant(organizationId, plan.organizationLimit(), limits, phones, ids));
        }
        return tenants;
    }

    private Script pick() {
        double r = random.nextDouble();
        if (r < plan.ghostShare()) {
            return Script.GHOST;
        }
        if (r < plan.ghostShare() + plan.abandonShare()) {
            return Script.ABANDON;
        }
        if (r < plan.ghostShare() + plan.abandonShare() + plan.unroutedShare()) {
            return Script.UNROUTED;
        }
        return Script.TALK;
    }

    // ---------------------------------------------------------------- the callers

    private void playCall(
            Script script,
            String called,
            String caller,
            long organizationId,
            long numberId,
            long holdMillis,
            long abandonAfterMillis,
            List<Placed> placed) {
        LiveKitSimulator sim = services.simulator();
        SimulatedCall call;
        try {
            call = sim.placeCall(called, caller);
        } catch (RuntimeException e) {
            violations.add("the simulator refused a call to " + called + ": " + e);
            return;
        }
        String room = call.roomName();
        Instant placedAt = Instant.now();
        Instant mediaStopped = null;
        try {
            if (script == Script.ABANDON) {
                Thread.sleep(abandonAfterMillis);
                sim.hangup(room);
            } else {
                SimulatedCall now = awaitPastRinging(room, plan.maxRing());
                if (now.state() == CallState.RINGING) {
                    // Nobody answered in time: the caller gives up (an abandoned call).
                    sim.hangup(room);
                } else if (now.state() == CallState.ACTIVE) {
                    if (script == Script.GHOST) {
                        Thread.sleep(Math.min(holdMillis, 1000));
                        mediaStopped = Instant.now();
                        sim.stopMedia(room);
                    } else {
                        Thread.sleep(holdMillis);
                        sim.hangup(room);
                    }
                }
            }
            awaitOver(room, sim.config().mediaTimeout().plusSeconds(60));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            placed.add(new Placed(room, script, organizationId, numberId, placedAt, mediaStopped));
        }
    }

    private SimulatedCall awaitPastRinging(String room, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            SimulatedCall now = services.simulator().call(room).orElseThrow();
            if (now.state() != CallState.RINGING || System.nanoTime() > deadline) {
                return now;
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private void awaitOver(String room, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            CallState state = services.simulator().call(room).orElseThrow().state();
            if (state == CallState.ENDED || state == CallState.REJECTED_486 || state == CallState.NOT_ACCEPTED) {
                return;
            }
            Thread.sleep(POLL.toMillis() * 2);
        }
    }

    // ---------------------------------------------------------------- chaos

    /** Spreads the restarts over the placing window: GPU workers round robin, the server between them. */
    private void chaos(Duration placing) {
        record Event(double at, Restartable part, boolean server) {}
        List<Event> events = new ArrayList<>();
        for (int g = 0; g < plan.gpuRestarts(); g++) {
            Restartable worker =
                    services.gpuWorkers().get(g % services.gpuWorkers().size());
            events.add(new Event((g + 1.0) / (plan.gpuRestarts() + 1), worker, false));
        }
        for (int s = 0; s < plan.serverRestarts(); s++) {
            events.add(new Event((s + 0.6) / (plan.serverRestarts() + 0.6), services.server(), true));
        }
        // Temporal down refuses webhooks as the server down does (signal-with-start fails, LiveKit
        // retries): an outage of the same kind, between the others.
        services.temporal().ifPresent(temporal -> {
            for (int t = 0; t < plan.temporalRestarts(); t++) {
                events.add(new Event((t + 0.8) / (plan.temporalRestarts() + 0.9), temporal, true));
            }
        });
        events.sort((a, b) -> Double.compare(a.at(), b.at()));
        long t0 = System.nanoTime();
        try {
            for (Event event : events) {
                long due = t0 + (long) (event.at() * placing.toNanos());
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                Instant from = Instant.now();
                Outage outage = new Outage(event.part().name(), from, null);
                outages.add(outage);
                if (event.server()) {
                    serverUp.set(false);
                }
                event.part().stop();
                Instant stopped = Instant.now();
                // A GPU host stays away long enough for its sessions' heartbeats to time out.
                Thread.sleep(event.server() ? 1000 : 3000);
                event.part().start();
                Instant to = Instant.now();
                if (event.server()) {
                    serverUp.set(true);
                }
                outages.set(outages.indexOf(outage), new Outage(outage.part(), from, to));
                out.printf(
                        "  restarted %s: stop took %d ms, away %d ms in all%n",
                        event.part().name(),
                        Duration.between(from, stopped).toMillis(),
                        Duration.between(from, to).toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            violations.add("a restart failed: " + e);
            serverUp.set(true);
        }
    }

    // ---------------------------------------------------------------- sampling

    private void sample(List<Tenant> tenants, AtomicBoolean sampling) {
        ExecutorService queries = Executors.newVirtualThreadPerTaskExecutor();
        Map<Long, Future<LineState>> inFlight = new HashMap<>();
        try {
            while (sampling.get()) {
                long next = System.nanoTime() + SAMPLE_EVERY.toNanos();
                try {
                    sampleActiveCalls();
                } catch (RuntimeException e) {
                    // The database is never restarted; a failed sample is noted but not a violation.
                    out.println("  active_calls sample failed: " + e);
                }
                for (Tenant tenant : tenants) {
                    sampleLine(tenant, queries, inFlight);
                }
                samples.incrementAndGet();
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            queries.shutdownNow();
        }
    }

    private void sampleActiveCalls() {
        Instant at = Instant.now();
        for (Record2<Long, Integer> row : services.owner()
                .select(ACTIVE_CALLS.ORGANIZATION_ID, org.jooq.impl.DSL.count())
                .from(ACTIVE_CALLS)
                .groupBy(ACTIVE_CALLS.ORGANIZATION_ID)
                .fetch()) {
            Integer limit = organizationLimits.get(row.value1());
            if (limit == null) {
                continue;
            }
            maxOrgActive.merge(row.value1(), row.value2(), Math::max);
            if (row.value2() > limit) {
                violations.add(String.format(
                        "%s: organization %d had %d active_calls rows, limit %d",
                        at, row.value1(), row.value2(), limit));
            }
        }
        for (Record2<Long, Integer> row : services.owner()
                .select(ACTIVE_CALLS.SIP_NUMBER_ID, org.jooq.impl.DSL.count())
                .from(ACTIVE_CALLS)
                .groupBy(ACTIVE_CALLS.SIP_NUMBER_ID)
                .fetch()) {
            Integer limit = numberLimits.get(row.value1());
            if (limit == null) {
                continue;
            }
            maxNumberActive.merge(row.value1(), row.value2(), Math::max);
            if (row.value2() > limit) {
                violations.add(String.format(
                        "%s: number %d had %d active_calls rows, limit %d", at, row.value1(), row.value2(), limit));
            }
        }
    }

    /**
     * A query needs a worker of the calls queue: while the server is down, or its answer is late, the
     * previous query is left to finish and this instant is not sampled for that organization.
     */
    private void sampleLine(Tenant tenant, ExecutorService queries, Map<Long, Future<LineState>> inFlight) {
        Future<LineState> pending = inFlight.get(tenant.organizationId());
        if (pending == null) {
            if (!serverUp.get()) {
                lineQueriesSkipped.incrementAndGet();
                return;
            }
            pending = queries.submit(() -> services.client()
                    .newWorkflowStub(LineWorkflow.class, WorkflowIds.lines(tenant.organizationId()))
                    .state());
            inFlight.put(tenant.organizationId(), pending);
        }
        try {
            LineState state = pending.get(200, TimeUnit.MILLISECONDS);
            inFlight.remove(tenant.organizationId());
            lineQueries.incrementAndGet();
            checkHolders(tenant, state.holders());
        } catch (TimeoutException e) {
            lineQueriesSkipped.incrementAndGet();
        } catch (java.util.concurrent.ExecutionException e) {
            // Not started yet (no call to this organization so far), or no worker to answer.
            inFlight.remove(tenant.organizationId());
            lineQueriesSkipped.incrementAndGet();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void checkHolders(Tenant tenant, Collection<LineHolder> holders) {
        Instant at = Instant.now();
        maxOrgHolders.merge(tenant.organizationId(), holders.size(), Math::max);
        if (holders.size() > tenant.limit()) {
            violations.add(String.format(
                    "%s: LineWorkflow of organization %d held %d lines, limit %d",
                    at, tenant.organizationId(), holders.size(), tenant.limit()));
        }
        Map<Long, Long> perNumber =
                holders.stream().collect(Collectors.groupingBy(LineHolder::numberId, Collectors.counting()));
        perNumber.forEach((numberId, n) -> {
            maxNumberHolders.merge(numberId, n.intValue(), Math::max);
            Integer limit = numberLimits.get(numberId);
            if (limit != null && n > limit) {
                violations.add(String.format(
                        "%s: LineWorkflow of organization %d held %d lines of number %d, limit %d",
                        at, tenant.organizationId(), n, numberId, limit));
            }
        });
    }

    // ---------------------------------------------------------------- the end

    private boolean settle(List<Tenant> tenants, List<Placed> placed) throws InterruptedException {
        services.simulator().awaitWebhooksSettled(Duration.ofSeconds(60));
        long deadline = System.nanoTime() + plan.settle().toNanos();
        while (System.nanoTime() < deadline) {
            int active = services.owner().fetchCount(ACTIVE_CALLS);
            int open = services.owner().fetchCount(CALLS, CALLS.ENDED_AT.isNull());
            int holders = 0;
            for (Tenant tenant : tenants) {
                holders += lineHolders(tenant).map(List::size).orElse(0);
            }
            if (active == 0 && open == 0 && holders == 0) {
                return true;
            }
            Thread.sleep(500);
        }
        return false;
    }

    private Optional<List<LineHolder>> lineHolders(Tenant tenant) {
        try {
            return Optional.of(services.client()
                    .newWorkflowStub(LineWorkflow.class, WorkflowIds.lines(tenant.organizationId()))
                    .state()
                    .holders());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private Result check(List<Tenant> tenants, List<Placed> placed, boolean settled) {
        DSLContext db = services.owner();
        if (!settled) {
            violations.add("the system did not settle within " + plan.settle()
                    + " (active_calls rows, open calls rows or held lines remain)");
        }
        int active = db.fetchCount(ACTIVE_CALLS);
        if (active != 0) {
            violations.add(active + " active_calls rows remain after every call is over");
        }
        for (Tenant tenant : tenants) {
            Optional<List<LineHolder>> holders = lineHolders(tenant);
            if (holders.isEmpty()) {
                violations.add("the LineWorkflow of organization " + tenant.organizationId() + " did not answer");
            } else if (!holders.get().isEmpty()) {
                violations.add("organization " + tenant.organizationId() + " still holds "
                        + holders.get().size() + " lines: " + holders.get());
            }
        }

        Map<String, List<WebhookDelivery>> webhooksByRoom =
                services.simulator().webhooks().stream().collect(Collectors.groupingBy(WebhookDelivery::roomName));
        Map<String, List<org.jooq.Record>> rowsByRoom = new HashMap<>();
        for (org.jooq.Record row : db.select(CALLS.ROOM_NAME, CALLS.OUTCOME, CALLS.END_REASON, CALLS.ENDED_AT)
                .from(CALLS)
                .fetch()) {
            rowsByRoom
                    .computeIfAbsent(row.get(CALLS.ROOM_NAME), r -> new ArrayList<>())
                    .add(row);
        }
        Map<String, Integer> outcomes = new TreeMap<>();
        Map<String, Integer> allowedAmbiguities = new TreeMap<>();
        List<Duration> ghostFromDrop = new ArrayList<>();
        List<Duration> ghostFromSilence = new ArrayList<>();
        for (Placed call : placed) {
            SimulatedCall sim = services.simulator().call(call.room()).orElseThrow();
            List<org.jooq.Record> rows = rowsByRoom.getOrDefault(call.room(), List.of());
            boolean anyDelivered = webhooksByRoom.getOrDefault(call.room(), List.of()).stream()
                    .anyMatch(w -> w.outcome() == WebhookDelivery.Outcome.DELIVERED);
            String key = call.script() + " " + describe(sim) + " -> ";
            if (rows.isEmpty()) {
                if (anyDelivered) {
                    violations.add("call " + call.room() + " (" + key + ") has no calls row");
                } else {
                    // LiveKit never told us about this call: every webhook of its room was lost.
                    outcomes.merge(key + "(no row: every webhook lost)", 1, Integer::sum);
                }
                continue;
            }
            if (rows.size() > 1) {
                violations.add("call " + call.room() + " has " + rows.size() + " calls rows");
            }
            org.jooq.Record row = rows.get(0);
            String outcome = row.get(CALLS.OUTCOME);
            outcomes.merge(key + outcome, 1, Integer::sum);
            boolean disturbed = outages.stream()
                    .anyMatch(o -> o.overlaps(call.placedAt(), sim.endedAt() == null ? Instant.now() : sim.endedAt()));
            Expectation expected = expect(call, sim, disturbed);
            if (outcome == null || !expected.allowed().contains(outcome)) {
                violations.add(String.format(
                        "call %s: %s ended %s (%s), expected %s",
                        call.room(), key, outcome, row.get(CALLS.END_REASON), expected.allowed()));
            } else if (!outcome.equals(expected.strict())) {
                allowedAmbiguities.merge(expected.why() + ": " + outcome, 1, Integer::sum);
            }
            if ("ghost_reaped".equals(outcome) && sim.endCause() == EndCause.MEDIA_TIMEOUT) {
                Instant ended = row.get(CALLS.ENDED_AT);
                if (ended != null && sim.endedAt() != null) {
                    ghostFromDrop.add(Duration.between(sim.endedAt(), ended));
                }
                if (ended != null && call.mediaStoppedAt() != null) {
                    ghostFromSilence.add(Duration.between(call.mediaStoppedAt(), ended));
                }
            }
        }
        print(tenants, placed, outcomes, allowedAmbiguities, ghostFromDrop, ghostFromSilence);
        return new Result(
                List.copyOf(violations), outcomes, percentile(ghostFromDrop, 1.0), percentile(ghostFromDrop, 0.99));
    }

    /** What the calls row must say, given what the simulator's caller and LiveKit did. */
    record Expectation(String strict, Set<String> allowed, String why) {}

    static Expectation expect(Placed call, SimulatedCall sim, boolean disturbed) {
        if (call.script() == Script.UNROUTED) {
            return sim.state() == CallState.REJECTED_486
                    ? new Expectation("unrouted", Set.of("unrouted"), "")
                    // The join webhook was lost and the caller gave up: the hangup started the call.
                    : new Expectation("unrouted", Set.of("unrouted", "abandoned"), "unrouted, join webhook lost");
        }
        return switch (sim.state()) {
            case REJECTED_486 ->
                disturbed
                        // A GPU host lost while its agent was on the way, on the last attempt: reaped by
                        // the heartbeat timeout, the room deleted while the caller still rang.
                        ? new Expectation(
                                "busy_*",
                                union(REJECTED_WHILE_RINGING, Set.of("failed", "ghost_reaped")),
                                "486 during an outage")
                        : new Expectation("busy_*", REJECTED_WHILE_RINGING, "486");
            case ENDED -> {
                if (sim.answeredAt() == null) {
                    // The caller's CANCEL can cross the platform's decision: a rejection (busy, no
                    // GPU) already on its way wins.
                    yield new Expectation(
                            "abandoned",
                            union(REJECTED_WHILE_RINGING, Set.of("abandoned")),
                            "hung up while ringing, crossed the decision");
                }
                if (sim.endCause() == EndCause.CALLER_HANGUP
                        && Duration.between(sim.answeredAt(), sim.endedAt()).compareTo(Duration.ofSeconds(2)) < 0) {
                    // Hung up within moments of the agent answering: the GPU worker had not yet seen
                    // the call answered when the caller left.
                    yield new Expectation(
                            "completed",
                            Set.of("completed", "abandoned", "ghost_reaped"),
                            "hung up as it was answered");
                }
                yield switch (sim.endCause()) {
                    case CALLER_HANGUP, CONNECTION_ABORTED ->
                        disturbed
                                // The GPU worker holding it was stopped: its heartbeat timed out first.
                                ? new Expectation(
                                        "completed", Set.of("completed", "ghost_reaped"), "hangup during an outage")
                                : new Expectation("completed", Set.of("completed"), "");
                    case MEDIA_TIMEOUT ->
                        disturbed
                                ? new Expectation(
                                        "ghost_reaped", Set.of("ghost_reaped", "completed"), "ghost during an outage")
                                : new Expectation("ghost_reaped", Set.of("ghost_reaped"), "");
                    // The platform itself ended an answered call (its session was cancelled or failed):
                    // a ghost reaped by heartbeat, a failure, or completed when the caller left first.
                    case ROOM_DELETED, PARTICIPANT_REMOVED ->
                        new Expectation(
                                "ghost_reaped", Set.of("ghost_reaped", "failed", "completed"), "ended by the platform");
                };
            }
            case RINGING, ACTIVE -> new Expectation("(over)", Set.of(), "still in progress at the end");
            // No trunk matched: LiveKit never made a room, so there is no call to account for.
            case NOT_ACCEPTED -> new Expectation("(none)", Set.of(), "INVITE not accepted");
        };
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.HashSet<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }

    private static String describe(SimulatedCall sim) {
        return switch (sim.state()) {
            case REJECTED_486 -> "486";
            case ENDED ->
                (sim.answeredAt() == null ? "unanswered " : "answered ")
                        + String.valueOf(sim.endCause()).toLowerCase(java.util.Locale.ROOT);
            case RINGING -> "still ringing";
            case ACTIVE -> "still active";
            case NOT_ACCEPTED -> "not accepted";
        };
    }

    private void print(
            List<Tenant> tenants,
            List<Placed> placed,
            Map<String, Integer> outcomes,
            Map<String, Integer> ambiguities,
            List<Duration> ghostFromDrop,
            List<Duration> ghostFromSilence) {
        out.println("outcomes (script, what the simulator saw -> calls.outcome):");
        outcomes.forEach((k, n) -> out.printf("  %-62s %6d%n", k, n));
        if (!ambiguities.isEmpty()) {
            out.println("allowed ambiguities (not the strict outcome, explained by the run's faults):");
            ambiguities.forEach((k, n) -> out.printf("  %-62s %6d%n", k, n));
        }
        Map<WebhookDelivery.Outcome, Long> webhookOutcomes = services.simulator().webhooks().stream()
                .collect(Collectors.groupingBy(WebhookDelivery::outcome, TreeMap::new, Collectors.counting()));
        long duplicated = services.simulator().webhooks().stream()
                .filter(w -> w.sends() > 1)
                .count();
        long retried = services.simulator().webhooks().stream()
                .filter(w -> w.statuses().size() > 1)
                .count();
        out.printf("webhooks: %s; delivered twice %d; retried %d%n", webhookOutcomes, duplicated, retried);
        out.printf(
                "samples: %d instants (every %d ms); LineWorkflow queries answered %d, skipped %d (server down or slow)%n",
                samples.get(), SAMPLE_EVERY.toMillis(), lineQueries.get(), lineQueriesSkipped.get());
        for (Tenant tenant : tenants) {
            out.printf(
                    "  organization %d: limit %d, max active_calls %d, max lines held %d%n",
                    tenant.organizationId(),
                    tenant.limit(),
                    maxOrgActive.getOrDefault(tenant.organizationId(), 0),
                    maxOrgHolders.getOrDefault(tenant.organizationId(), 0));
            for (Map.Entry<Long, Integer> number : tenant.numberLimits().entrySet()) {
                out.printf(
                        "    number %d: limit %d, max active_calls %d, max lines held %d%n",
                        number.getKey(),
                        number.getValue(),
                        maxNumberActive.getOrDefault(number.getKey(), 0),
                        maxNumberHolders.getOrDefault(number.getKey(), 0));
            }
        }
        out.printf("outages: %s%n", outages);
        out.printf(
                "ghosts reaped: %d; line held after LiveKit dropped the caller: max %s, p99 %s, p50 %s;"
                        + " after its audio stopped: max %s, p99 %s%n",
                ghostFromDrop.size(),
                millis(percentile(ghostFromDrop, 1.0)),
                millis(percentile(ghostFromDrop, 0.99)),
                millis(percentile(ghostFromDrop, 0.5)),
                millis(percentile(ghostFromSilence, 1.0)),
                millis(percentile(ghostFromSilence, 0.99)));
        int shown = 0;
        for (String violation : violations) {
            if (shown++ == 40) {
                out.printf("  ... and %d more violations%n", violations.size() - 40);
                break;
            }
            out.println("  VIOLATION " + violation);
        }
        out.printf("calls placed %d, checked %d%n", plan.calls(), placed.size());
    }

    private static Duration percentile(List<Duration> values, double p) {
        if (values.isEmpty()) {
            return Duration.ZERO;
        }
        List<Duration> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }

    private static String elapsed(Instant since) {
        return Duration.between(since, Instant.now()).toSeconds() + " s";
    }
}
