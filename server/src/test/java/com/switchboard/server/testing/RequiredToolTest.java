package com.switchboard.server.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class RequiredToolTest {

    @Test
    void anInstalledToolIsFoundOnThePathOrInTheSystemDirectories() {
        assertThat(RequiredTool.command("sh", RequiredTool.apt("dash"))).isExecutable();
    }

    @Test
    void aMissingToolFailsUnderCiAndIsSkippedElsewhereNamingHowToInstallIt() {
        Throwable missing = catchThrowable(
                () -> RequiredTool.command("switchboard-no-such-tool", RequiredTool.apt("no-such-package")));

        assertThat(missing)
                .isInstanceOf(RequiredTool.ci() ? AssertionFailedError.class : TestAbortedException.class)
                .hasMessageContaining("switchboard-no-such-tool is not installed")
                .hasMessageContaining("apt-get install no-such-package");
    }
}
