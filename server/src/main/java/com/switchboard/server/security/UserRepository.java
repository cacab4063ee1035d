package com.switchboard.server.security;

import static com.switchboard.db.Tables.API_TOKENS;
import static com.switchboard.db.Tables.APP_USERS;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.lower;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.selectOne;

import com.switchboard.activities.db.Actor;
import com.switchboard.activities.db.Database;
import com.switchboard.server.db.Constraints;
import com.switchboard.server.text.FreeText;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jooq.Record1;
import org.jooq.SelectField;
import org.jooq.exception.DataAccessException;

/**
 * People and their API tokens.
 *
 * <p>Creating and listing users acts as the caller: an operator creates anyone, a tenant
 * administrator only users of its own organization (row-level security decides, the checks here
 * only make the refusal readable). The login and token look-ups act as {@link Actor#SYSTEM}, because
 * nobody is known yet when they run. A user's own tokens are managed as SYSTEM too, scoped to that
 * user by id: a token carries exactly its owner's role, so making one grants nothing new, and a
 * read-only viewer may still need one for a wallboard although row-level security lets it write
 * nothing.
 */
public final class UserRepository {
    public static final int MAX_EMAIL_CHARS = 254;
    public static final int MAX_DISPLAY_NAME_CHARS = 200;
    public static final int MAX_TOKEN_NAME_CHARS = 100;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");

    private static final SelectField<AppUser> USER = row(
                    APP_USERS.ID,
                    APP_USERS.ORGANIZATION_ID,
                    APP_USERS.EMAIL,
                    APP_USERS.DISPLAY_NAME,
                    APP_USERS.ROLE.convertFrom(UserRole::fromDb),
                    APP_USERS.ENABLED,
                    APP_USERS.CREATED_AT)
            .mapping(AppUser::new);

    private static final SelectField<ApiToken> TOKEN = row(
                    API_TOKENS.ID,
                    API_TOKENS.USER_ID,
                    API_TOKENS.ORGANIZATION_ID,
                    API_TOKENS.NAME,
                    API_TOKENS.TOKEN_PREFIX,
                    API_TOKENS.CREATED_AT,
                    API_TOKENS.EXPIRES_AT,
                    API_TOKENS.LAST_USED_AT,
                    API_TOKENS.REVOKED_AT)
            .mapping(ApiToken::new);

    private final Database database;

    public UserRepository(Database database) {
        this.database = database;
    }

    public AppUser createUser(Actor actor, NewUser user) {
        checkEmail(user.email());
        checkDisplayName(user.displayName());
        if (user.role() == null) {
            throw new UserException.InvalidValue("role", "is required");
        }
        if (user.role().isTenant() && user.organizationId() == null) {
            throw new UserException.InvalidValue("organizationId", "a tenant user belongs to an organization");
        }
        if (!user.role().isTenant() && user.organizationId() != null) {
            throw new UserException.InvalidValue("organizationId", "an operator belongs to no organization");
        }
        if (user.passwordHash() == null || user.passwordHash().isBlank()) {
            throw new UserException.InvalidValue("password", "is required");
        }
        switch (actor.role()) {
            case OPERATOR, SYSTEM -> {}
            case TENANT_ADMIN -> {
                if (!user.role().isTenant() || !user.organizationId().equals(actor.organizationId())) {
                    throw new UserException.NotPermitted("a tenant administrator adds users to its own organization");
                }
            }
            case TENANT_VIEWER -> throw new UserException.NotPermitted("a viewer cannot add users");
        }
        try {
            return database.transactionResult(
                    actor,
                    tx -> tx.insertInto(APP_USERS)
                            .set(APP_USERS.EMAIL, user.email())
                            .set(APP_USERS.DISPLAY_NAME, user.displayName())
                            .set(APP_USERS.ROLE, user.role().dbValue())
                            .set(APP_USERS.ORGANIZATION_ID, user.organizationId())
                            .set(APP_USERS.PASSWORD_HASH, user.passwordHash())
                            .returningResult(USER)
                            .fetchSingle(Record1::value1));
        } catch (DataAccessException e) {
            if (Constraints.violated(e, "app_users_email_key")) {
                throw new UserException.DuplicateEmail();
            }
            if (Constraints.violated(e, "app_users_organization_id_fkey")) {
                throw new UserException.UnknownOrganization(user.organizationId());
            }
            throw e;
        }
    }

    /** Whether the platform has an operator yet (the bootstrap creates the first one). */
    public boolean operatorExists() {
        return database.transactionResult(
                Actor.SYSTEM,
                tx -> tx.fetchValue(selectOne()
                                .from(APP_USERS)
                                .where(APP_USERS.ROLE.eq(inline(UserRole.OPERATOR.dbValue())))
                                .limit(1))
                        != null);
    }

    /** The user a login names, whatever the case of the address; disabled users are found too. */
    public Optional<UserCredentials> findForLogin(String email) {
        if (email == null || email.isBlank() || email.length() > MAX_EMAIL_CHARS) {
            return Optional.empty();
        }
        return database.transactionResult(
                Actor.SYSTEM,
                tx -> tx.select(USER, APP_USERS.PASSWORD_HASH)
                        .from(APP_USERS)
                        .where(lower(APP_USERS.EMAIL).eq(lower(email.strip())))
                        .fetchOptional(r -> new UserCredentials(r.value1(), r.value2())));
    }

    public Optional<AppUser> find(Actor actor, long userId) {
        return database.transactionResult(
                actor,
                tx -> tx.select(USER)
                        .from(APP_USERS)
                        .where(APP_USERS.ID.eq(userId))
                        .fetchOptional(Record1::value1));
    }

    /** The users of one organization the actor may see, by e-mail address. */
    public List<AppUser> listForOrganization(Actor actor, long organizationId) {
        return database.transactionResult(
                actor,
                tx -> tx.select(USER)
                        .from(APP_USERS)
                        .where(APP_USERS.ORGANIZATION_ID.eq(organizationId))
                        .orderBy(APP_USERS.EMAIL)
                        .fetch(Record1::value1));
    }

    /** Stores a token for {@code userId}, scoped to that user's organization. */
    public ApiToken createToken(long userId, NewApiToken token) {
        if (token.name().isEmpty() || FreeText.longerThan(token.name(), MAX_TOKEN_NAME_CHARS)) {
            throw new UserException.InvalidValue("name", "must be 1 to " + MAX_TOKEN_NAME_CHARS + " characters");
        }
        if (FreeText.hasControlCharacters(token.name())) {
            throw new UserException.InvalidValue("name", "must not contain control characters");
        }
        return database.transactionResult(Actor.SYSTEM, tx -> {
            // An operator's organization is null: fetch the row, not the value, to tell "none" from "no user".
            Long organizationId = tx.select(APP_USERS.ORGANIZATION_ID)
                    .from(APP_USERS)
                    .where(APP_USERS.ID.eq(userId))
                    .fetchOptional()
                    .orElseThrow(() -> new UserException.NotFound("user " + userId))
                    .value1();
            return tx.insertInto(API_TOKENS)
                    .set(API_TOKENS.USER_ID, userId)
                    .set(API_TOKENS.ORGANIZATION_ID, organizationId)
                    .set(API_TOKENS.NAME, token.name())
                    .set(API_TOKENS.TOKEN_HASH, token.tokenHash())
                    .set(API_TOKENS.TOKEN_PREFIX, token.prefix())
                    .set(API_TOKENS.EXPIRES_AT, token.expiresAt())
                    .returningResult(TOKEN)
                    .fetchSingle(Record1::value1);
        });
    }

    /** A user's tokens, newest first, revoked ones included. */
    public List<ApiToken> tokens(long userId) {
        return database.transactionResult(
                Actor.SYSTEM,
                tx -> tx.select(TOKEN)
                        .from(API_TOKENS)
                        .where(API_TOKENS.USER_ID.eq(userId))
                        .orderBy(API_TOKENS.CREATED_AT.desc(), API_TOKENS.ID.desc())
                        .fetch(Record1::value1));
    }

    /** Revokes one of the user's own tokens; revoking twice keeps the first time. */
    public ApiToken revokeToken(long userId, long tokenId, Instant now) {
        return database.transactionResult(Actor.SYSTEM, tx -> {
            tx.update(API_TOKENS)
                    .set(API_TOKENS.REVOKED_AT, now)
                    .where(API_TOKENS.ID.eq(tokenId))
                    .and(API_TOKENS.USER_ID.eq(userId))
                    .and(API_TOKENS.REVOKED_AT.isNull())
                    .execute();
            return tx.select(TOKEN)
                    .from(API_TOKENS)
                    .where(API_TOKENS.ID.eq(tokenId))
                    .and(API_TOKENS.USER_ID.eq(userId))
                    .fetchOptional(Record1::value1)
                    .orElseThrow(() -> new UserException.NotFound("token " + tokenId));
        });
    }

    /**
     * The holder of a token, if the token is neither revoked nor expired and its user is enabled.
     * Marks the token used.
     */
    public Optional<TokenHolder> authenticateToken(byte[] tokenHash, Instant now) {
        return database.transactionResult(Actor.SYSTEM, tx -> {
            Optional<TokenHolder> holder = tx.select(TOKEN, USER)
                    .from(API_TOKENS)
                    .join(APP_USERS)
                    .on(APP_USERS.ID.eq(API_TOKENS.USER_ID))
                    .where(API_TOKENS.TOKEN_HASH.eq(tokenHash))
                    .and(API_TOKENS.REVOKED_AT.isNull())
                    .and(API_TOKENS.EXPIRES_AT.isNull().or(API_TOKENS.EXPIRES_AT.gt(now)))
                    .and(APP_USERS.ENABLED.isTrue())
                    .fetchOptional(r -> new TokenHolder(r.value1(), r.value2()));
            holder.ifPresent(h -> tx.update(API_TOKENS)
                    .set(API_TOKENS.LAST_USED_AT, now)
                    .where(API_TOKENS.ID.eq(h.token().id()))
                    .execute());
            return holder;
        });
    }

    private static void checkEmail(String email) {
        if (email == null || !EMAIL.matcher(email).matches()) {
            throw new UserException.InvalidValue("email", "must be an e-mail address");
        }
        if (email.length() > MAX_EMAIL_CHARS) {
            throw new UserException.InvalidValue("email", "must be at most " + MAX_EMAIL_CHARS + " characters");
        }
    }

    private static void checkDisplayName(String displayName) {
        FreeText.problem(displayName, MAX_DISPLAY_NAME_CHARS).ifPresent(problem -> {
            throw new UserException.InvalidValue("displayName", problem);
        });
    }
}
