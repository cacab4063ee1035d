package com.switchboard.server.netns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.switchboard.server.netns.NetProbeProcess.Outcome;
import com.switchboard.server.netns.TestHosts.Host;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestHostsTest {
    private static final Host HUB = new Host("sb-hub", "198.51.100.201", "2001:db8:6::201");
    private static final Host MEMBER = new Host("sb-member", "198.51.100.202", "2001:db8:6::202");

    @Test
    void closingDeletesEveryNamespaceVethAndProcessAlsoWhenTheTestFailed() {
        TestHosts hosts = TestHosts.create(HUB, List.of(MEMBER));
        String hubNamespace = hosts.namespace(HUB.role());

        AssertionError failure = catchThrowableOfType(AssertionError.class, () -> {
            try (hosts) {
                hosts.start(HUB.role(), "sleep", "120");
                // A process the test did not start itself keeps a namespace (and its veth) alive too.
                String pid = hosts.exec(MEMBER.role(), "sh", "-c", "sleep 120 >/dev/null 2>&1 & echo $!")
                        .requireSuccess();
                assertThat(pid.strip()).matches("\\d+");
                throw new AssertionError("the test failed with " + pid.strip() + " running");
            }
        });

        assertThat(failure).hasMessageStartingWith("the test failed");
        long detached = Long.parseLong(
                failure.getMessage().replaceAll("\\D+", " ").strip().split(" ")[0]);
        assertThat(hosts.leftovers()).isEmpty();
        assertThat(TestHosts.run(List.of("ip", "netns", "list"), Duration.ofSeconds(10))
                        .output())
                .doesNotContain(hubNamespace);
        assertThat(ProcessHandle.of(detached)
                        .filter(ProcessHandle::isAlive)
                        .flatMap(p -> p.info().command()))
                .as("the detached sleep")
                .isEmpty();
    }

    @Test
    void eachHostHasItsOwnAddressesAndReachesTheOthersOverTheLan() {
        try (TestHosts hosts = TestHosts.create(HUB, List.of(MEMBER))) {
            String hubAddresses =
                    hosts.exec(HUB.role(), "ip", "-o", "addr", "show").requireSuccess();
            String memberAddresses =
                    hosts.exec(MEMBER.role(), "ip", "-o", "addr", "show").requireSuccess();
            NetProbeProcess listener = NetProbeProcess.listen(hosts, HUB.role(), List.of("udp:5060", "tcp:5060"));
            NetProbeProcess client = NetProbeProcess.client(hosts, MEMBER.role());

            assertThat(hubAddresses)
                    .contains(HUB.ipv4() + "/24", HUB.ipv6() + "/64")
                    .doesNotContain(MEMBER.ipv4());
            assertThat(memberAddresses)
                    .contains(MEMBER.ipv4() + "/24", MEMBER.ipv6() + "/64")
                    .doesNotContain(HUB.ipv4());
            assertThat(client.probe("udp", HUB.ipv4(), 5060, "OPTIONS", Duration.ofSeconds(5))
                            .outcome())
                    .isEqualTo(Outcome.ANSWERED);
            assertThat(client.probe("tcp", HUB.ipv6(), 5060, "INVITE", Duration.ofSeconds(5))
                            .outcome())
                    .isEqualTo(Outcome.ANSWERED);
            assertThat(client.probe("udp", HUB.ipv4(), 5070, "OPTIONS", Duration.ofSeconds(5))
                            .outcome())
                    .as("no listener: the kernel says so (ICMP), which a silent drop would not")
                    .isEqualTo(Outcome.REFUSED);
            assertThat(listener.awaitLines(0, line -> line.startsWith("received "), 2, Duration.ofSeconds(5)))
                    .containsExactly(
                            "received udp:5060 from " + MEMBER.ipv4() + " OPTIONS",
                            "received tcp:5060 from 2001:db8:6:0:0:0:0:202 INVITE");
        }
    }

    @Test
    void aNamespaceThatAKilledRunLeftBehindIsDeletedByTheNextRun() {
        // Above the kernel's PID_MAX_LIMIT: no process has it, now or later.
        long deadPid = 4_194_304 + ProcessHandle.current().pid();
        assertThat(ProcessHandle.of(deadPid)).isEmpty();
        String stale = HUB.role() + "-" + deadPid;
        TestHosts.run(List.of("ip", "netns", "add", stale), Duration.ofSeconds(10))
                .requireSuccess();

        try (TestHosts hosts = TestHosts.create(HUB, List.of(MEMBER))) {
            assertThat(TestHosts.run(List.of("ip", "netns", "list"), Duration.ofSeconds(10))
                            .output())
                    .doesNotContain(stale)
                    .contains(hosts.namespace(HUB.role()));
        } finally {
            TestHosts.run(List.of("ip", "netns", "del", stale), Duration.ofSeconds(10));
        }
    }

    @Test
    void hostsOutsideTheDocumentationRangesAreRefused() {
        assertThatThrownBy(() -> new Host("sb-x", "10.0.0.1", null)).hasMessageContaining("198.51.100.0/24");
        assertThatThrownBy(() -> new Host("sb-x", "198.51.100.1", "fd00::1")).hasMessageContaining("2001:db8::/32");
        assertThatThrownBy(() -> new Host("SB host", "198.51.100.1", null)).hasMessageContaining("role");
    }
}
