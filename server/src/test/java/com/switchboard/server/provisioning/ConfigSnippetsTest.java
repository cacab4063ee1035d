package com.switchboard.server.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import com.switchboard.server.testing.RequiredTool;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigSnippetsTest {

    @Test
    void theFirewallRulesPassNftablesOwnCheck(@TempDir Path dir) throws Exception {
        // Skipped without nft, but not under CI=true: .ci/run installs it.
        Path nft = RequiredTool.command("nft", RequiredTool.apt("nftables"));
        Path rules = dir.resolve("switchboard-sip.nft");
        Files.writeString(
                rules,
                ConfigSnippets.nftables(SourceAllowlist.of(List.of("198.51.100.7", "2001:db8:5::/64"), false), 15060),
                StandardCharsets.UTF_8);

        Process check = new ProcessBuilder(nft.toString(), "-c", "-f", rules.toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(check.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(check.exitValue()).as(output).isZero();
    }

    @Test
    void loadingTheRulesAgainReplacesThemInsteadOfAddingASecondCopy() {
        String rules = ConfigSnippets.nftables(SourceAllowlist.of(List.of("198.51.100.7"), false), 15060);

        // nft -f adds to an existing table; FirewallTest loads these twice into a kernel.
        assertThat(rules.lines().skip(1).limit(3))
                .containsExactly(
                        "table inet switchboard_sip",
                        "delete table inet switchboard_sip",
                        "table inet switchboard_sip {");
    }

    @Test
    void rulesForBothAddressFamiliesDropEveryoneElse() {
        String rules =
                ConfigSnippets.nftables(SourceAllowlist.of(List.of("198.51.100.7", "2001:db8:5::/64"), false), 5060);

        assertThat(rules)
                .contains("ip saddr @pbx_v4 udp dport 5060 accept")
                .contains("ip6 saddr @pbx_v6 udp dport 5060 accept")
                .contains("ip6 saddr @pbx_v6 tcp dport 5060 accept")
                .endsWith("    udp dport 5060 counter drop\n    tcp dport 5060 counter drop\n  }\n}\n");
    }
}
