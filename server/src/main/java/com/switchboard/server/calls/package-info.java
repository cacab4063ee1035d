/**
 * Tenants' operations pages and API: live calls (server-sent events), the call history and
 * analytics, read from the ledger.
 */
package com.switchboard.server.calls;
