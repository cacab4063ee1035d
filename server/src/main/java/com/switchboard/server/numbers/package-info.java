/**
 * Tenants' numbers (label, overrides, active, limit) and the operators' number inventory: assign,
 * reassign, unassign, each audited by the database.
 */
package com.switchboard.server.numbers;
