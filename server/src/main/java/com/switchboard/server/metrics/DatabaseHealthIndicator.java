package com.switchboard.server.metrics;

import com.switchboard.activities.db.Database;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;

/**
 * Readiness needs PostgreSQL, through the application login's own pool: the round trip every
 * request depends on (Spring's DataSource indicator needs spring-jdbc, which the server does not use).
 */
final class DatabaseHealthIndicator implements HealthIndicator {
    private final Database database;

    DatabaseHealthIndicator(Database database) {
        this.database = database;
    }

    @Override
    public Health health() {
        try {
            return database.ping() ? Health.up().build() : Health.down().build();
        } catch (RuntimeException e) {
            return Health.down().withDetail("error", e.toString()).build();
        }
    }
}
