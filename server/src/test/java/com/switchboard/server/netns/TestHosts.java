package com.switchboard.server.netns;

import com.switchboard.server.testing.RequiredTool;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Hosts for network tests, on a real kernel: one Linux network namespace per host, the first (the
 * hub) holding a bridge that every other host is wired to by a veth pair. Addresses come from the
 * documentation ranges only (198.51.100.0/24, 2001:db8::/32), so a test's packets reach these hosts
 * and nothing else. Any command runs in a host through {@code ip netns exec}; {@link #close()} stops
 * what was started there and deletes the namespaces, also when the test failed, and fails if anything
 * is left behind.
 *
 * <p>The veth ends are created inside the namespaces, never in the machine's own, so deleting the
 * namespaces deletes them. Namespace names carry this JVM's pid: two test runs on one machine never
 * share a host, and a run that was killed is cleaned up by the next one.
 */
public final class TestHosts implements AutoCloseable {
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z0-9-]{0,20}");
    private static final String BRIDGE = "lan";
    private static final String HUB_PORT = "sbport";
    private static final String MEMBER_LINK = "sbeth0";
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    /** The namespaces this JVM's open TestHosts hold. */
    private static final Set<String> LIVE = ConcurrentHashMap.newKeySet();

    /**
     * One host. {@code ipv6} may be null for an IPv4-only host.
     *
     * @param role what the host plays in the test, e.g. {@code sb-pbx}; its namespace is {@code
     *     <role>-<pid>}
     */
    public record Host(String role, String ipv4, String ipv6) {
        public Host {
            if (role == null || !ROLE.matcher(role).matches()) {
                throw new IllegalArgumentException("a host role is lower-case letters, digits and dashes: " + role);
            }
            if (ipv4 == null || !ipv4.matches("198\\.51\\.100\\.([1-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-4])")) {
                throw new IllegalArgumentException(
                        "test hosts live in 198.51.100.0/24 (RFC 5737), so their traffic reaches nothing else: "
                                + ipv4);
            }
            if (ipv6 != null && !ipv6.toLowerCase().startsWith("2001:db8:")) {
                throw new IllegalArgumentException(
                        "test hosts live in 2001:db8::/32 (RFC 3849), so their traffic reaches nothing else: " + ipv6);
            }
        }
    }

    /** A finished command: its exit status and its stdout and stderr together. */
    public record Result(List<String> command, int exitCode, String output) {
        public String requireSuccess() {
            if (exitCode != 0) {
                throw new IllegalStateException(
                        String.join(" ", command) + " exited with " + exitCode + ":\n" + output);
            }
            return output;
        }
    }

    private final Map<String, Host> hosts;
    private final Map<String, String> namespaces;
    private final Map<String, Long> namespaceInodes = new LinkedHashMap<>();
    private final List<Process> started = new ArrayList<>();
    private final Thread cleanupAtExit = new Thread(this::deleteEverything, "test-hosts-cleanup");
    private boolean closed;

    private TestHosts(List<Host> hosts) {
        this.hosts = new LinkedHashMap<>();
        this.namespaces = new LinkedHashMap<>();
        for (Host host : hosts) {
            if (this.hosts.put(host.role(), host) != null) {
                throw new IllegalArgumentException("two hosts play " + host.role());
            }
            namespaces.put(
                    host.role(), host.role() + "-" + ProcessHandle.current().pid());
        }
    }

    /**
     * Creates the hosts and wires every other host to the hub's bridge; all share 198.51.100.0/24 and,
     * where they have IPv6, 2001:db8:.../64. Needs root, {@code ip} and (for the callers' rules)
     * {@code nft}; a missing one is handled by {@link RequiredTool}.
     */
    public static TestHosts create(Host hub, List<Host> others) {
        RequiredTool.command("ip", RequiredTool.apt("iproute2"));
        List<Host> all = Stream.concat(Stream.of(hub), others.stream()).toList();
        TestHosts hosts = new TestHosts(all);
        hosts.deleteStaleNamespaces();
        Runtime.getRuntime().addShutdownHook(hosts.cleanupAtExit);
        try {
            hosts.build(hub, others);
        } catch (RuntimeException | Error e) {
            try {
                hosts.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return hosts;
    }

    private void build(Host hub, List<Host> others) {
        namespaces.forEach((role, namespace) -> {
            Result add = run(List.of("ip", "netns", "add", namespace), COMMAND_TIMEOUT);
            if (add.exitCode() != 0) {
                requirePrivilege(
                        "ip netns add " + namespace + " failed: " + add.output().strip());
            }
            LIVE.add(namespace);
            namespaceInodes.put(namespace, inode(namespace));
            exec(role, "ip", "link", "set", "lo", "up").requireSuccess();
        });
        String hubNs = namespace(hub.role());
        exec(hub.role(), "ip", "link", "add", BRIDGE, "type", "bridge", "forward_delay", "0")
                .requireSuccess();
        exec(hub.role(), "ip", "link", "set", BRIDGE, "up").requireSuccess();
        address(hub, BRIDGE);
        int port = 0;
        for (Host member : others) {
            String hubPort = HUB_PORT + port++;
            run(
                            List.of(
                                    "ip",
                                    "link",
                                    "add",
                                    hubPort,
                                    "netns",
                                    hubNs,
                                    "type",
                                    "veth",
                                    "peer",
                                    "name",
                                    MEMBER_LINK,
                                    "netns",
                                    namespace(member.role())),
                            COMMAND_TIMEOUT)
                    .requireSuccess();
            exec(hub.role(), "ip", "link", "set", hubPort, "master", BRIDGE).requireSuccess();
            exec(hub.role(), "ip", "link", "set", hubPort, "up").requireSuccess();
            exec(member.role(), "ip", "link", "set", MEMBER_LINK, "up").requireSuccess();
            address(member, MEMBER_LINK);
        }
    }

    private void address(Host host, String device) {
        exec(host.role(), "ip", "addr", "add", host.ipv4() + "/24", "dev", device)
                .requireSuccess();
        if (host.ipv6() != null) {
            // No duplicate address detection: the address is usable at once instead of after ~1 s.
            exec(host.role(), "ip", "-6", "addr", "add", host.ipv6() + "/64", "dev", device, "nodad")
                    .requireSuccess();
        }
    }

    public Host host(String role) {
        Host host = hosts.get(role);
        if (host == null) {
            throw new IllegalArgumentException("no host plays " + role + "; there are " + hosts.keySet());
        }
        return host;
    }

    /** The namespace's name, for {@code ip netns exec} or {@code ip -n}. */
    public String namespace(String role) {
        host(role);
        return namespaces.get(role);
    }

    /** Runs a command in the host and waits for it (at most 30 s). */
    public Result exec(String role, String... command) {
        return exec(role, COMMAND_TIMEOUT, command);
    }

    /** Runs a command in the host and waits for it; one still running after {@code timeout} is killed. */
    public Result exec(String role, Duration timeout, String... command) {
        return run(inNamespace(role, List.of(command)), timeout);
    }

    /**
     * Starts a command in the host and leaves it running, stdout and stderr together on its input
     * stream; {@link #close()} stops it.
     */
    public Process start(String role, String... command) {
        ProcessBuilder builder = new ProcessBuilder(inNamespace(role, List.of(command))).redirectErrorStream(true);
        try {
            Process process = builder.start();
            synchronized (started) {
                started.add(process);
            }
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + builder.command(), e);
        }
    }

    private List<String> inNamespace(String role, List<String> command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", namespace(role)));
        full.addAll(command);
        return full;
    }

    /**
     * Stops every process started in the hosts, deletes their namespaces (the veth pairs and the
     * bridge go with them) and fails if a namespace, a process in one or a veth is left.
     */
    @Override
    public void close() {
        List<String> problems = deleteEverything();
        try {
            Runtime.getRuntime().removeShutdownHook(cleanupAtExit);
        } catch (IllegalStateException e) {
            // The JVM is already exiting: the hook runs anyway and finds nothing to do.
        }
        problems.addAll(leftovers());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("test hosts left behind: " + String.join("; ", problems));
        }
    }

    private synchronized List<String> deleteEverything() {
        List<String> problems = new ArrayList<>();
        if (closed) {
            return problems;
        }
        closed = true;
        synchronized (started) {
            for (Process process : started) {
                stop(process.toHandle());
            }
        }
        for (String namespace : namespaces.values()) {
            if (!Files.exists(Path.of("/run/netns", namespace))) {
                continue;
            }
            // Whatever a command started in the background still holds the namespace (and its veths).
            Result pids = run(List.of("ip", "netns", "pids", namespace), COMMAND_TIMEOUT);
            pids.output()
                    .lines()
                    .map(String::strip)
                    .filter(line -> line.matches("\\d+"))
                    .map(Long::parseLong)
                    .map(ProcessHandle::of)
                    .flatMap(Optional::stream)
                    .forEach(TestHosts::stop);
            Result delete = run(List.of("ip", "netns", "del", namespace), COMMAND_TIMEOUT);
            if (delete.exitCode() != 0) {
                problems.add(
                        "ip netns del " + namespace + ": " + delete.output().strip());
            } else {
                LIVE.remove(namespace);
            }
        }
        return problems;
    }

    private static void stop(ProcessHandle process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroy();
        try {
            process.onExit().get(5, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            process.destroyForcibly();
            process.onExit()
                    .orTimeout(5, TimeUnit.SECONDS)
                    .exceptionally(t -> null)
                    .join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /**
     * What of these hosts still exists: a namespace by name, a process inside one (it would keep the
     * namespace and its veths alive after the name is gone), a veth of ours in the machine's own
     * namespace. Empty after {@link #close()}.
     */
    public List<String> leftovers() {
        List<String> left = new ArrayList<>();
        String listed = run(List.of("ip", "netns", "list"), COMMAND_TIMEOUT).output();
        for (String namespace : namespaces.values()) {
            if (listed.lines().anyMatch(line -> line.split(" ")[0].equals(namespace))) {
                left.add("namespace " + namespace);
            }
        }
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            processes.filter(p -> p.getFileName().toString().matches("\\d+")).forEach(p -> {
                String link = netLink(p);
                namespaceInodes.forEach((namespace, inode) -> {
                    if (link.equals("net:[" + inode + "]")) {
                        left.add("process " + p.getFileName() + " in " + namespace);
                    }
                });
            });
        } catch (IOException e) {
            left.add("cannot read /proc: " + e.getMessage());
        }
        run(List.of("ip", "-o", "link", "show", "type", "veth"), COMMAND_TIMEOUT)
                .output()
                .lines()
                .filter(line -> line.contains(HUB_PORT) || line.contains(MEMBER_LINK))
                .forEach(line -> left.add("veth " + line.strip()));
        return left;
    }

    private static String netLink(Path process) {
        try {
            return Files.readSymbolicLink(process.resolve("ns/net")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return ""; // gone meanwhile, or a kernel thread
        }
    }

    private static long inode(String namespace) {
        try {
            return (Long) Files.getAttribute(Path.of("/run/netns", namespace), "unix:ino");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Namespaces of these roles that a killed test JVM (its pid no longer runs) left behind. */
    private void deleteStaleNamespaces() {
        String listed = run(List.of("ip", "netns", "list"), COMMAND_TIMEOUT).output();
        for (String line : listed.lines().toList()) {
            String name = line.split(" ")[0];
            for (String role : hosts.keySet()) {
                Matcher stale = Pattern.compile(Pattern.quote(role) + "-(\\d+)").matcher(name);
                if (stale.matches()
                        && ProcessHandle.of(Long.parseLong(stale.group(1))).isEmpty()) {
                    run(List.of("ip", "netns", "del", name), COMMAND_TIMEOUT);
                }
                if (name.equals(namespaces.get(role))) {
                    if (LIVE.contains(name)) {
                        throw new IllegalStateException(name + " is in use: this JVM created these hosts twice");
                    }
                    // A killed run whose pid this JVM got again.
                    run(List.of("ip", "netns", "del", name), COMMAND_TIMEOUT);
                }
            }
        }
    }

    private static void requirePrivilege(String failure) {
        RequiredTool.unavailable(failure + " (network namespaces need root, as CI runs the tests)");
        throw new IllegalStateException(failure);
    }

    /** Runs a command (not in a namespace unless it says so itself) and waits at most {@code timeout}. */
    static Result run(List<String> command, Duration timeout) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException(command + " did not finish within " + timeout);
            }
            return new Result(command, process.exitValue(), output.get(5, TimeUnit.SECONDS));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted while running " + command, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not read the output of " + command, e);
        }
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
