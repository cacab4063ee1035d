/**
 * The embedded default, for development and demos: the production server (module {@code server},
 * unchanged) started with the {@code embedded} profile against PostgreSQL, the real Temporal server
 * (the Temporal CLI's dev server) and the LiveKit simulator on this machine, plus what only a demo
 * needs (a GPU worker on CPU slots, demo data, simulated callers, a banner). It lives in a module of
 * its own so that none of it, nor the libraries it needs, reaches the production jar.
 */
package com.switchboard.server.embedded;
