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
    private static final String RELEASE_LAG = "release lag";
    private static final Duration SAMPLE_EVERY = Duration.ofMillis(250);
    private static final Duration POLL = Duration.ofMillis(100);
    /** A ghost's line is free again this long after its caller's audio stopped (issue 16). */
    static final Duration LINE_FREE_AFTER_SILENCE = Duration.ofSeconds(15);

    record Tenant(
            long organizationId, int limit, Map<Long, Integer> numberLimits, List<String> phones, List<Long> ids) {}

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

        /** Busies the semaphore answered while a line was in fact free (outside fault windows). */
        public List<String> wrongfulBusies() {
            return violations.stream()
                    .filter(v -> v.startsWith(BusyAudit.WRONGFUL))
                    .toList();
        }

        /** Lines given back later than the grace after their call was over, or never. */
        public List<String> lateReleases() {
            return violations.stream().filter(v -> v.startsWith(RELEASE_LAG)).toList();
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
    private final List<FaultWindow> outages = new CopyOnWriteArrayList<>();
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
        record Event(double at, Restartable part, FaultWindow.Part kind) {
            /** A server or Temporal outage: webhooks are refused while it lasts. */
            boolean refusesWebhooks() {
                return kind != FaultWindow.Part.GPU_WORKER;
            }
        }
        List<Event> events = new ArrayList<>();
        for (int g = 0; g < plan.gpuRestarts(); g++) {
            Restartable worker =
                    services.gpuWorkers().get(g % services.gpuWorkers().size());
            events.add(new Event((g + 1.0) / (plan.gpuRestarts() + 1), worker, FaultWindow.Part.GPU_WORKER));
        }
        for (int s = 0; s < plan.serverRestarts(); s++) {
            events.add(
                    new Event((s + 0.6) / (plan.serverRestarts() + 0.6), services.server(), FaultWindow.Part.SERVER));
        }
        // Temporal down refuses webhooks as the server down does (signal-with-start fails, LiveKit
        // retries): an outage of the same kind, between the others.
        services.temporal().ifPresent(temporal -> {
            for (int t = 0; t < plan.temporalRestarts(); t++) {
                events.add(new Event((t + 0.8) / (plan.temporalRestarts() + 0.9), temporal, FaultWindow.Part.TEMPORAL));
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
                FaultWindow outage = new FaultWindow(event.kind(), event.part().name(), from, null);
                outages.add(outage);
                if (event.refusesWebhooks()) {
                    serverUp.set(false);
                }
                event.part().stop();
                Instant stopped = Instant.now();
                // A GPU host stays away long enough for its sessions' heartbeats to time out.
                Thread.sleep(event.refusesWebhooks() ? 1000 : 3000);
                event.part().start();
                Instant to = Instant.now();
                if (event.refusesWebhooks()) {
                    serverUp.set(true);
                }
                outages.set(outages.indexOf(outage), FaultWindow.closed(outage.part(), outage.name(), from, to));
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
        Map<String, Integer> races = new TreeMap<>();
        Map<String, Integer> underFaults = new TreeMap<>();
        List<Duration> ghostFromDrop = new ArrayList<>();
        List<Duration> ghostFromSilence = new ArrayList<>();
        Map<String, BusyAudit.CallEnd> ends = new HashMap<>();
        for (Placed call : placed) {
            SimulatedCall sim = services.simulator().call(call.room()).orElseThrow();
            List<org.jooq.Record> rows = rowsByRoom.getOrDefault(call.room(), List.of());
            ends.put(
                    WorkflowIds.call(call.room()),
                    new BusyAudit.CallEnd(
                            sim.endedAt(),
                            rows.isEmpty() ? null : rows.getFirst().get(CALLS.ENDED_AT)));
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
            SoakOracle.Expectation expected = SoakOracle.expect(call, sim, disturbed);
            switch (expected.judge(outcome)) {
                case STRICT -> {}
                case RACE -> races.merge(expected.why() + ": " + outcome, 1, Integer::sum);
                case UNDER_FAULT -> underFaults.merge(expected.why() + ": " + outcome, 1, Integer::sum);
                case WRONG ->
                    violations.add(String.format(
                            "call %s: %s ended %s (%s), expected %s",
                            call.room(), key, outcome, row.get(CALLS.END_REASON), expected.allowed()));
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
        print(tenants, placed, outcomes, races, underFaults, ghostFromDrop, ghostFromSilence);
        auditLines(tenants, placed, ends);
        printViolations(placed);
        ReleaseLag.Stats ghosts = ReleaseLag.Stats.of(ghostFromDrop);
        return new Result(List.copyOf(violations), outcomes, ghosts.max(), ghosts.p99());
    }

    /**
     * Reads every run of every organization's semaphore and judges, from its own decisions, that no
     * caller was told busy while a line was in fact free, how late lines were given back after their
     * call was over, and how long a ghost's line stayed taken after its caller fell silent.
     */
    private void auditLines(List<Tenant> tenants, List<Placed> placed, Map<String, BusyAudit.CallEnd> ends) {
        Instant now = Instant.now();
        List<LineHistory.Decision> decisions = new ArrayList<>();
        Map<String, Instant> granted = new HashMap<>();
        Map<String, LineHistory.Release> releases = new HashMap<>();
        int runs = 0;
        for (Tenant tenant : tenants) {
            try {
                LineHistory.Log log = LineHistory.read(services.client(), tenant.organizationId());
                runs += log.runs();
                decisions.addAll(log.decisions());
                granted.putAll(log.granted());
                releases.putAll(log.releases());
            } catch (RuntimeException e) {
                violations.add(
                        "the history of " + WorkflowIds.lines(tenant.organizationId()) + " could not be read: " + e);
            }
        }
        List<FaultWindow> faults = List.copyOf(outages);
        BusyAudit.Report busy = BusyAudit.judge(decisions, ends, faults, BusyAudit.GRACE);

        List<ReleaseLag.Span> afterEnd = new ArrayList<>();
        List<ReleaseLag.Span> afterHangup = new ArrayList<>();
        for (String callId : granted.keySet()) {
            BusyAudit.CallEnd end = ends.get(callId);
            LineHistory.Release release = releases.get(callId);
            Instant releasedAt = release == null ? null : release.at();
            if (end != null && end.over() != null) {
                afterEnd.add(new ReleaseLag.Span(callId, end.over(), releasedAt));
            }
            if (end != null && end.caller() != null) {
                afterHangup.add(new ReleaseLag.Span(callId, end.caller(), releasedAt));
            }
        }
        List<ReleaseLag.Span> afterSilence = new ArrayList<>();
        for (Placed call : placed) {
            String callId = WorkflowIds.call(call.room());
            if (call.mediaStoppedAt() != null && granted.containsKey(callId)) {
                LineHistory.Release release = releases.get(callId);
                afterSilence.add(
                        new ReleaseLag.Span(callId, call.mediaStoppedAt(), release == null ? null : release.at()));
            }
        }
        List<FaultWindow.Part> everyFault = List.of(FaultWindow.Part.values());
        ReleaseLag.Report lag = ReleaseLag.judge(RELEASE_LAG, afterEnd, BusyAudit.GRACE, faults, everyFault, now);
        ReleaseLag.Report fromCaller =
                ReleaseLag.judge("from the caller's end", afterHangup, BusyAudit.GRACE, faults, everyFault, now);
        // Only a GPU worker's fault excuses a slow ghost: the session that should notice the silence
        // is gone and the call waits out its heartbeat timeout (15 s) instead.
        ReleaseLag.Report silence = ReleaseLag.judge(
                "line free after silence",
                afterSilence,
                LINE_FREE_AFTER_SILENCE,
                faults,
                List.of(FaultWindow.Part.GPU_WORKER),
                now);
        violations.addAll(busy.violations());
        violations.addAll(lag.violations());
        violations.addAll(silence.violations());

        long byAudit = releases.values().stream()
                .filter(r -> r.how() == LineHistory.Release.How.AUDIT)
                .count();
        out.printf(
                "line semaphores: %d runs of %d organizations read back; %d lines granted, %d given back (%d by the"
                        + " audit)%n",
                runs, tenants.size(), granted.size(), releases.size(), byAudit);
        out.println("  " + busy.summary());
        busy.duringFaults().stream().limit(10).forEach(w -> out.println("    during a fault: " + w));
        out.println("  " + lag.summary() + " (from the call's end by both clocks)");
        out.println("  release lag " + fromCaller.summary() + " (not judged: includes the platform noticing the end)");
        out.println("  " + silence.summary() + " (excused only by GPU worker faults)");
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
            Map<String, Integer> races,
            Map<String, Integer> underFaults,
            List<Duration> ghostFromDrop,
            List<Duration> ghostFromSilence) {
        out.println("outcomes (script, what the simulator saw -> calls.outcome):");
        outcomes.forEach((k, n) -> out.printf("  %-62s %6d%n", k, n));
        if (!races.isEmpty()) {
            out.println("races (the caller's move crossed the platform's; not the strict outcome):");
            races.forEach((k, n) -> out.printf("  %-62s %6d%n", k, n));
        }
        if (!underFaults.isEmpty()) {
            out.println("explained by an injected fault (an outage during the call, a lost webhook):");
            underFaults.forEach((k, n) -> out.printf("  %-62s %6d%n", k, n));
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
                "ghosts reaped: %d; calls row closed after LiveKit dropped the caller: %s; after its audio stopped: %s%n",
                ghostFromDrop.size(), ReleaseLag.Stats.of(ghostFromDrop), ReleaseLag.Stats.of(ghostFromSilence));
    }

    private void printViolations(List<Placed> placed) {
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

    private static String elapsed(Instant since) {
        return Duration.between(since, Instant.now()).toSeconds() + " s";
    }
}
