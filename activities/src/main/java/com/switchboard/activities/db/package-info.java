/**
 * The only way into PostgreSQL: every transaction first states whom it acts for (role and
 * organization), and row-level security shows it nothing else.
 */
package com.switchboard.activities.db;
