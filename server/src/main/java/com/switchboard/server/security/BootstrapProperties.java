package com.switchboard.server.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The first operator of a fresh installation, created at start-up when no operator exists yet.
 * Both blank: nothing is created.
 */
@ConfigurationProperties("switchboard.bootstrap")
public record BootstrapProperties(String operatorEmail, String operatorPassword) {
    boolean configured() {
        return operatorEmail != null
                && !operatorEmail.isBlank()
                && operatorPassword != null
                && !operatorPassword.isBlank();
    }

    @Override
    public String toString() {
        return "BootstrapProperties[operatorEmail=" + operatorEmail + "]";
    }
}
