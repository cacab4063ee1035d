/**
 * The server's Temporal client and its control-plane worker (task queue {@code calls}): worker
 * capacity, workflow cache and virtual workflow threads per replica.
 */
package com.switchboard.server.temporal;
