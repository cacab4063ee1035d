package com.switchboard.activities.config;

import java.util.List;

/** An agent config was refused; {@link #errors()} names every offending key, not just the first. */
public final class InvalidAgentConfigException extends RuntimeException {
    private final List<ConfigError> errors;

    public InvalidAgentConfigException(List<ConfigError> errors) {
        super(describe(errors));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("an invalid config has at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }

    private static String describe(List<ConfigError> errors) {
        StringBuilder text = new StringBuilder("invalid agent config: ");
        for (int i = 0; i < errors.size(); i++) {
            if (i > 0) {
                text.append("; ");
            }
            text.append(errors.get(i));
        }
        return text.toString();
    }
}
