package com.switchboard.activities.db;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.val;

import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * The application's door to PostgreSQL. Every unit of work runs in a transaction that first tells
 * row-level security whom it acts for; there is no way to get a DSLContext without saying so.
 */
public final class Database {
    private final DSLContext dsl;

    public Database(DataSource dataSource) {
        this.dsl = DSL.using(dataSource, SQLDialect.POSTGRES, new Settings().withExecuteLogging(false));
    }

    /** Runs {@code work} in one transaction acting as {@code actor}, and returns its result. */
    public <T> T transactionResult(Actor actor, Function<DSLContext, T> work) {
        return dsl.transactionResult(configuration -> {
            DSLContext tx = configuration.dsl();
            actAs(tx, actor);
            return work.apply(tx);
        });
    }

    /** Runs {@code work} in one transaction acting as {@code actor}. */
    public void transaction(Actor actor, Consumer<DSLContext> work) {
        transactionResult(actor, tx -> {
            work.accept(tx);
            return null;
        });
    }

    private static void actAs(DSLContext tx, Actor actor) {
        tx.select(
                        field(
                                "set_config({0}, {1}, true)",
                                String.class,
                                inline("switchboard.role"),
                                val(actor.role().dbValue())),
                        field(
                                "set_config({0}, {1}, true)",
                                String.class,
                                inline("switchboard.organization_id"),
                                val(
                                        actor.organizationId() == null
                                                ? ""
                                                : actor.organizationId().toString())),
                        field(
                                "set_config({0}, {1}, true)",
                                String.class, inline("switchboard.actor"), val(actor.name())))
                .fetch();
    }

    /**
     * Refuses a connection on which row-level security would not apply: a superuser, a role with
     * BYPASSRLS, or the owner of a tenant table (owners are exempt from their tables' policies).
     * A JDBC URL that names a user beats the pool's user setting, so this is checked, not assumed.
     */
    public void requireRowLevelSecurity() {
        org.jooq.Record login = dsl.fetchSingle("""
                select current_user as login, r.rolsuper as superuser, r.rolbypassrls as bypass,
                       (select count(*) from pg_tables t
                         where t.schemaname = current_schema() and t.tableowner = current_user) as owned
                  from pg_roles r
                 where r.rolname = current_user
                """);
        String user = login.get("login", String.class);
        if (login.get("superuser", Boolean.class)
                || login.get("bypass", Boolean.class)
                || login.get("owned", Long.class) > 0) {
            throw new IllegalStateException("the application connects as " + user
                    + ", a role that bypasses row-level security (superuser, BYPASSRLS or table owner);"
                    + " connect as a member of switchboard_app instead (is a user named in the JDBC URL?)");
        }
    }

    /** A cheap round trip, for readiness checks. */
    public boolean ping() {
        return dsl.fetchValue(select(inline(1))) == 1;
    }
}
