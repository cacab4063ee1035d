package com.switchboard.server.db;

import com.switchboard.activities.db.Database;
import com.switchboard.activities.db.Migrations;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import javax.sql.DataSource;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's connection pool, created only after the schema is migrated. The owner's
 * credentials are used for the migration and then dropped: no bean ever holds an owner connection.
 */
@Configuration(proxyBeanMethods = false)
class DatabaseConfiguration {
    private static final Logger log = LoggerFactory.getLogger(DatabaseConfiguration.class);

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(DbProperties properties) {
        if (properties.migrates()) {
            PGSimpleDataSource owner = new PGSimpleDataSource();
            owner.setURL(properties.url());
            owner.setUser(properties.ownerUser());
            owner.setPassword(properties.ownerPassword());
            MigrateResult result = Migrations.migrate(owner);
            log.info(
                    "database schema at version {} ({} migrations applied)",
                    result.targetSchemaVersion,
                    result.migrationsExecuted);
            if (properties.createAppLogin()) {
                Migrations.ensureApplicationLogin(owner, properties.appUser(), properties.appPassword());
            }
        } else {
            log.info("no schema owner configured: migrations are left to the operator");
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(properties.url());
        config.setUsername(properties.appUser());
        config.setPassword(properties.appPassword());
        config.setMaximumPoolSize(properties.poolSize());
        config.setPoolName("switchboard-app");
        return new HikariDataSource(config);
    }

    @Bean
    Database database(DataSource dataSource) {
        return new Database(dataSource);
    }
}
