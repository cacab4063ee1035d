package com.switchboard.activities.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {
    private final PhoneNumbers italy = new PhoneNumbers("IT");

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            +39 055 1234567                             | +390551234567
            0039 055 1234567                            | +390551234567
            055 1234567                                 | +390551234567
            +390551234567                               | +390551234567
            +39 (055) 123-4567                          | +390551234567
            tel:+390551234567                           | +390551234567
            sip:+390551234567@pbx.example.com           | +390551234567
            (055) 123 4567                              | +390551234567
            +39.055.123.4567                            | +390551234567
            <sip:+390551234567@pbx.example.com>         | +390551234567
            sips:0551234567@pbx.example.com;transport=tls | +390551234567
            SIP:+390551234567@10.0.0.1:5060             | +390551234567
            tel:+39-055-1234567;phone-context=+39       | +390551234567
            sip:%2B390551234567@pbx.example.com         | +390551234567
            +39 333 123 4567                            | +393331234567
            +1 650 253 0000                             | +16502530000
            0044 20 7946 0958                           | +442079460958
            """)
    void publicNumbersBecomeE164(String dialed, String e164) {
        assertThat(italy.normalize(dialed)).isEqualTo(new NormalizedNumber.E164(e164, true));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            1000                      | 1000
            1001                      | 1001
            12                        | 12
            12345678                  | 12345678
            sip:1001@pbx.example.com  | 1001
            tel:1001;phone-context=pbx.example.com | 1001
            0100                      | 0100
            """)
    void shortExtensionsStayAsDialed(String dialed, String extension) {
        assertThat(italy.normalize(dialed)).isEqualTo(new NormalizedNumber.Extension(extension));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "1",
                "hello",
                "+",
                "++390551234567",
                "+39",
                "+39 055 1234567 ext. 12",
                "1-800-FLOWERS",
                "sip:@pbx.example.com",
                "sip:alice@pbx.example.com",
                "+999 1234567",
                "+39 055 1234567 8901 2345 6789",
                "*72",
                "10 01",
                "055\u00001234567",
                "0012"
            })
    void garbageIsMalformed(String dialed) {
        assertThat(italy.normalize(dialed)).isInstanceOf(NormalizedNumber.Malformed.class);
    }

    @Test
    void nullAndAbsurdlyLongInputAreMalformed() {
        assertThat(italy.normalize(null)).isInstanceOf(NormalizedNumber.Malformed.class);
        assertThat(italy.normalize("1".repeat(10_000))).isInstanceOf(NormalizedNumber.Malformed.class);
    }

    @Test
    void aShortNumberThatIsAValidNationalNumberIsNotAnExtension() {
        // Eight digits, like an extension, but a real number in Rome.
        assertThat(italy.normalize("06123456")).isEqualTo(new NormalizedNumber.E164("+3906123456", true));
    }

    @Test
    void theDefaultRegionDecidesWhatANationalNumberMeans() {
        PhoneNumbers us = new PhoneNumbers("us");

        assertThat(us.normalize("(650) 253-0000")).isEqualTo(new NormalizedNumber.E164("+16502530000", true));
        assertThat(us.normalize("011 39 055 1234567")).isEqualTo(new NormalizedNumber.E164("+390551234567", true));
        assertThat(us.defaultRegion()).isEqualTo("US");
    }

    @Test
    void aNumberOfPossibleLengthButUnknownRangeRoutesButIsNotAcceptedIntoTheInventory() {
        NormalizedNumber fictional = italy.normalize("+1 555 010 0000");

        assertThat(fictional).isEqualTo(new NormalizedNumber.E164("+15550100000", false));
        assertThatThrownBy(() -> italy.forInventory("+1 555 010 0000"))
                .isInstanceOf(MalformedNumberException.class)
                .hasMessageContaining("not a valid number");
    }

    @Test
    void theInventoryTakesValidNumbersAndExtensions() {
        assertThat(italy.forInventory("055 1234567")).isEqualTo("+390551234567");
        assertThat(italy.forInventory("1001")).isEqualTo("1001");
        assertThatThrownBy(() -> italy.forInventory("hello")).isInstanceOf(MalformedNumberException.class);
    }

    @Test
    void anUnknownRegionIsRefused() {
        assertThatThrownBy(() -> new PhoneNumbers("XX")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PhoneNumbers(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
