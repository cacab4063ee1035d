package com.switchboard.server.security;

import com.switchboard.activities.db.Actor;
import java.nio.charset.StandardCharsets;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;

/**
 * Creates logins: hashes the password with the application's encoder (BCrypt, behind the
 * delegating encoder so the algorithm can change later) before it reaches the repository. The
 * bootstrap, the operator's pages and the embedded mode's demo data all come through here.
 */
@Service
public class Accounts {
    public static final int MIN_PASSWORD_CHARS = 8;
    /** BCrypt reads 72 bytes; Spring's encoder refuses longer input instead of truncating it. */
    public static final int MAX_PASSWORD_BYTES = 72;

    private final UserRepository users;
    private final PasswordEncoder passwords;

    Accounts(UserRepository users, PasswordEncoder passwords) {
        this.users = users;
        this.passwords = passwords;
    }

    /**
     * @param organizationId null for an operator
     * @throws UserException.InvalidValue naming the field (password, email, ...)
     */
    public AppUser createUser(
            Actor actor, String email, String displayName, UserRole role, Long organizationId, String password) {
        if (password == null || password.length() < MIN_PASSWORD_CHARS) {
            throw new UserException.InvalidValue("password", "must be at least " + MIN_PASSWORD_CHARS + " characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_PASSWORD_BYTES) {
            throw new UserException.InvalidValue("password", "must be at most " + MAX_PASSWORD_BYTES + " bytes");
        }
        return users.createUser(
                actor, new NewUser(email, displayName, role, organizationId, passwords.encode(password)));
    }
}
