package com.switchboard.server.numbers;

import java.util.Map;

/** What saving a number's page came to. */
sealed interface EditResult {
    record Saved(NumberView number) implements EditResult {}

    /** @param errors field name (label, greeting, language, systemPrompt, or "form") to message */
    record Invalid(Map<String, String> errors) implements EditResult {
        public Invalid {
            errors = Map.copyOf(errors);
        }
    }
}
