package com.switchboard.server.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EmbeddedSettingsTest {

    @Test
    void theRealTemporalServerIsTheDefaultWithItsUiOn8233() {
        EmbeddedSettings settings = EmbeddedSettings.from(new String[] {"--embedded"});

        assertThat(settings.testServer()).isFalse();
        assertThat(settings.temporalPort()).isEqualTo(7233);
        assertThat(settings.temporalUiPort()).isEqualTo(8233);
    }

    @Test
    void theJavaTestServerRunsOnlyWhenAskedFor() {
        EmbeddedSettings settings =
                EmbeddedSettings.from(new String[] {"--embedded", "--switchboard.embedded.temporal=test-server"});

        assertThat(settings.testServer()).isTrue();
    }

    @Test
    void anUnknownTemporalIsRefusedNamingTheSetting() {
        assertThatThrownBy(() ->
                        EmbeddedSettings.from(new String[] {"--embedded", "--switchboard.embedded.temporal=cloud"}))
                .hasStackTraceContaining("switchboard.embedded.temporal must be dev-server or test-server");
    }
}
