package com.switchboard.activities.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.switchboard.workflows.route.AgentConfig;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AgentConfigCodecTest {

    private static List<ConfigError> errorsOf(String json) {
        try {
            AgentConfigCodec.parse(json);
        } catch (InvalidAgentConfigException e) {
            return e.errors();
        }
        throw new AssertionError("accepted: " + json);
    }

    private static List<String> keysOf(String json) {
        return errorsOf(json).stream().map(ConfigError::key).toList();
    }

    @Test
    void aCompleteDocumentReadsIntoEveryComponent() {
        AgentConfig config = AgentConfigCodec.parse("""
                {"agentName": "pizza-bot", "greeting": "Ciao!", "language": "it-IT",
                 "systemPrompt": "You take pizza orders.\\nBe brief.", "voice": "elevenlabs:rachel",
                 "maxCallSeconds": 600}
                """);

        assertThat(config)
                .isEqualTo(new AgentConfig(
                        "pizza-bot", "Ciao!", "it-IT", "You take pizza orders.\nBe brief.", "elevenlabs:rachel", 600));
    }

    @Test
    void absentKeysInherit() {
        assertThat(AgentConfigCodec.parse("{}")).isEqualTo(AgentConfig.EMPTY);
        assertThat(AgentConfigCodec.parse("{\"greeting\": \"Hi\"}"))
                .isEqualTo(new AgentConfig(null, "Hi", null, null, null, null));
    }

    @Test
    void writingOmitsAbsentKeysAndReadsBackTheSame() {
        AgentConfig config = new AgentConfig(null, "Hi \"there\"", "en-GB", null, null, 90);

        String json = AgentConfigCodec.toJson(config);

        assertThat(json).isEqualTo("{\"greeting\":\"Hi \\\"there\\\"\",\"language\":\"en-GB\",\"maxCallSeconds\":90}");
        assertThat(AgentConfigCodec.parse(json)).isEqualTo(config);
    }

    @Test
    void theMergeIsDefaultsThenOrganizationThenNumber() {
        AgentConfig organization = new AgentConfig(null, "Welcome to Pizzeria", "it-IT", null, null, null);
        AgentConfig number = new AgentConfig(null, "Ready to take your order", null, null, "it-voice", null);

        AgentConfig merged = AgentConfigMerge.merge(organization, number);

        assertThat(merged)
                .isEqualTo(new AgentConfig(
                        "switchboard-agent",
                        "Ready to take your order",
                        "it-IT",
                        "You are a helpful phone assistant.",
                        "it-voice",
                        3600));
    }

    @Test
    void languageTagsAreStoredInCanonicalCase() {
        assertThat(AgentConfigCodec.canonicalize("{\"language\": \"it-it\"}")).isEqualTo("{\"language\":\"it-IT\"}");
    }

    @Test
    void anUnknownKeyIsRefusedByName() {
        assertThatThrownBy(() -> AgentConfigCodec.parse("{\"greeting\": \"Hi\", \"temperature\": 0.7}"))
                .isInstanceOf(InvalidAgentConfigException.class)
                .hasMessageContaining("temperature: is not a known key");
    }

    @Test
    void keysAreCaseSensitive() {
        assertThat(keysOf("{\"Greeting\": \"Hi\"}")).containsExactly("Greeting");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"greeting": 42}                       | greeting       | must be a string, not a number
            {"greeting": true}                     | greeting       | must be a string, not a boolean
            {"greeting": ["Hi"]}                   | greeting       | must be a string, not an array
            {"systemPrompt": {"text": "x"}}        | systemPrompt   | must be a string, not an object
            {"voice": null}                        | voice          | must not be null
            {"agentName": 7}                       | agentName      | must be a string, not a number
            {"language": 1}                        | language       | must be a string, not a number
            {"maxCallSeconds": "600"}              | maxCallSeconds | must be a number, not a string
            {"maxCallSeconds": 60.5}               | maxCallSeconds | must be a whole number
            {"maxCallSeconds": 60.0}               | maxCallSeconds | must be a whole number
            {"maxCallSeconds": 29}                 | maxCallSeconds | must be between 30 and 14400
            {"maxCallSeconds": 14401}              | maxCallSeconds | must be between 30 and 14400
            {"maxCallSeconds": 99999999999999999999} | maxCallSeconds | must be between 30 and 14400
            {"agentName": "pizza bot"}             | agentName      | may hold only letters, digits
            {"agentName": ""}                      | agentName      | must not be empty
            {"voice": "rachel/../../etc"}          | voice          | may hold only letters
            {"language": "english"}                | language       | BCP 47
            {"language": "en_US"}                  | language       | BCP 47
            {"language": "en-"}                    | language       | BCP 47
            {"systemPrompt": "   "}                | systemPrompt   | must not be blank
            {"greeting": "Hi\\u0007there"}         | greeting       | control characters (found U+0007
            {"greeting": "broken \\ud800 pair"}    | greeting       | broken UTF-16 surrogate
            {"greeting": "a", "greeting": "b"}     | greeting       | appears more than once
            """)
    void aBadValueIsRefusedWithItsKeyNamed(String json, String key, String message) {
        assertThat(errorsOf(json)).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo(key);
            assertThat(error.message()).contains(message);
        });
    }

    @Test
    void anOversizedGreetingIsRefusedWithItsLength() {
        String json = "{\"greeting\": \"" + "a".repeat(501) + "\"}";

        assertThatThrownBy(() -> AgentConfigCodec.parse(json))
                .hasMessageContaining("greeting: must be at most 500 characters (was 501)");
    }

    @Test
    void limitsCountCharactersNotUtf16Units() {
        String greeting = "🍕".repeat(500);

        assertThat(AgentConfigCodec.parse("{\"greeting\": \"" + greeting + "\"}")
                        .greeting())
                .isEqualTo(greeting);
    }

    @Test
    void oversizedSystemPromptVoiceLanguageAndAgentNameAreRefused() {
        assertThat(keysOf("""
                {"systemPrompt": "%s", "voice": "%s", "language": "%s", "agentName": "%s"}
                """.formatted("p".repeat(8001), "v".repeat(101), "en-" + "a".repeat(40), "n".repeat(65))))
                .containsExactly("systemPrompt", "voice", "language", "agentName");
    }

    @Test
    void everyErrorIsReportedNotOnlyTheFirst() {
        assertThat(keysOf("{\"greeting\": 1, \"colour\": \"red\", \"maxCallSeconds\": 5, \"language\": \"it-IT\"}"))
                .containsExactly("greeting", "colour", "maxCallSeconds");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"{\"greeting\": \"Hi\"", "{greeting: \"Hi\"}", "{\"greeting\": \"Hi\",}", "nonsense", "{} {}"})
    void malformedJsonIsRefusedAsTheDocument(String json) {
        assertThat(errorsOf(json))
                .singleElement()
                .satisfies(error -> assertThat(error.key()).isEqualTo(ConfigError.DOCUMENT));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            ["greeting"]  | an array
            "greeting"    | a string
            42            | a number
            null          | null
            """)
    void aDocumentThatIsNotAnObjectIsRefused(String json, String what) {
        assertThat(errorsOf(json)).singleElement().satisfies(error -> {
            assertThat(error.key()).isEqualTo(ConfigError.DOCUMENT);
            assertThat(error.message()).isEqualTo("must be a JSON object, not " + what);
        });
    }

    @Test
    void emptyMissingAndHugeDocumentsAreRefused() {
        assertThat(keysOf("")).containsExactly(ConfigError.DOCUMENT);
        assertThat(keysOf(null)).containsExactly(ConfigError.DOCUMENT);
        assertThat(errorsOf("{\"greeting\": \"" + "a".repeat(70_000) + "\"}"))
                .singleElement()
                .satisfies(error -> assertThat(error.message()).contains("larger than"));
    }

    @Test
    void anUnknownKeyIsEchoedShortAndWithoutControlCharacters() {
        String key = "evil\\u001b[31m" + "k".repeat(200);

        assertThat(keysOf("{\"" + key + "\": 1}")).singleElement().satisfies(shown -> {
            assertThat(shown).startsWith("evil\\u001B[31m").endsWith("…");
            assertThat(shown).hasSizeLessThan(80);
        });
    }

    @Test
    void aLenientReadKeepsTheGoodKeysAndReportsTheBad() {
        AgentConfigCodec.Parsed parsed =
                AgentConfigCodec.parseLenient("{\"greeting\": 42, \"voice\": \"v1\", \"mood\": \"happy\"}");

        assertThat(parsed.config()).isEqualTo(new AgentConfig(null, null, null, null, "v1", null));
        assertThat(parsed.errors()).extracting(ConfigError::key).containsExactly("greeting", "mood");
    }

    @Test
    void aLenientReadOfGarbageIsEmpty() {
        assertThat(AgentConfigCodec.parseLenient("[1,2").config()).isEqualTo(AgentConfig.EMPTY);
    }

    @Test
    void theDefaultsPassTheirOwnRules() {
        AgentConfigCodec.validate(AgentConfigMerge.PLATFORM_DEFAULTS);
    }

    @Test
    void aConfigBuiltInJavaIsCheckedByTheSameRules() {
        assertThatThrownBy(() -> AgentConfigCodec.validate(new AgentConfig("bad name", null, null, null, null, 10)))
                .isInstanceOf(InvalidAgentConfigException.class)
                .hasMessageContaining("agentName")
                .hasMessageContaining("maxCallSeconds");
    }
}
