/**
 * The operators' view of the GPU fleet: each configured GPU worker's {@code /status}, read in
 * parallel.
 */
package com.switchboard.server.fleet;
