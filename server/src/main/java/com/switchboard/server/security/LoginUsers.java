package com.switchboard.server.security;

import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** Form login's look-up: the user an e-mail address names, with its password hash. */
@Component
class LoginUsers implements UserDetailsService {
    private final UserRepository users;

    LoginUsers(UserRepository users) {
        this.users = users;
    }

    @Override
    public UserDetails loadUserByUsername(String email) {
        return users.findForLogin(email)
                .map(c -> SwitchboardUser.forLogin(c.user(), c.passwordHash()))
                .orElseThrow(() -> new UsernameNotFoundException("no such user"));
    }
}
