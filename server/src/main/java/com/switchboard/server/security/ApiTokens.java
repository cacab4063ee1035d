package com.switchboard.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;

/**
 * Bearer tokens for machines. A secret is 32 random bytes, shown once when created; only its
 * SHA-256 is stored (a fast hash is right here: the secret has 256 bits of entropy, nothing to
 * brute-force, unlike a password), so a stolen database authenticates nobody.
 */
@Service
public class ApiTokens {
    /** The longest a token may be valid for: ten years. */
    public static final Duration MAX_VALIDITY = Duration.ofDays(3650);

    /** Recognisable in logs and secret scanners. */
    static final String SECRET_PREFIX = "sbt_";

    private static final int SHOWN_PREFIX_CHARS = SECRET_PREFIX.length() + 6;
    private static final Pattern SECRET = Pattern.compile("sbt_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final UserRepository users;
    private final Clock clock;

    ApiTokens(UserRepository users) {
        this.users = users;
        this.clock = Clock.systemUTC();
    }

    /**
     * A token just made, with its secret: the only time the secret exists outside its holder.
     *
     * @param secret what goes after {@code Authorization: Bearer}
     */
    public record Created(ApiToken token, String secret) {
        @Override
        public String toString() {
            return "Created[" + token + "]";
        }
    }

    /**
     * Makes a token for {@code userId}, with that user's role and organization.
     *
     * @param validFor null: never expires
     */
    public Created create(long userId, String name, Duration validFor) {
        // Past this the expiry would not fit PostgreSQL's timestamp range (a 500, not a refusal).
        if (validFor != null && validFor.compareTo(MAX_VALIDITY) > 0) {
            throw new UserException.InvalidValue("validDays", "must be at most " + MAX_VALIDITY.toDays() + " days");
        }
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String secret = SECRET_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        Instant expiresAt = validFor == null ? null : clock.instant().plus(validFor);
        ApiToken token = users.createToken(
                userId, new NewApiToken(name, hash(secret), secret.substring(0, SHOWN_PREFIX_CHARS), expiresAt));
        return new Created(token, secret);
    }

    public List<ApiToken> list(long userId) {
        return users.tokens(userId);
    }

    public ApiToken revoke(long userId, long tokenId) {
        return users.revokeToken(userId, tokenId, clock.instant());
    }

    /** The user a presented secret speaks for, if it is a live token of an enabled user. */
    Optional<SwitchboardUser> authenticate(String secret) {
        // Anything not shaped like our secrets is refused without a database round trip.
        if (secret == null || !SECRET.matcher(secret).matches()) {
            return Optional.empty();
        }
        return users.authenticateToken(hash(secret), clock.instant())
                .map(TokenHolder::user)
                .map(SwitchboardUser::authenticated);
    }

    static byte[] hash(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
