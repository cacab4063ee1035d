package com.switchboard.server.security;

/** A usable token and the (enabled) user it speaks for. */
public record TokenHolder(ApiToken token, AppUser user) {}
