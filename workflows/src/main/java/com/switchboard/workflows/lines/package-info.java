/**
 * The per-organization line semaphore, id {@code lines-<organizationId>}: acquire is an Update
 * answered at once, release a Signal; it audits its holders so that no ended call keeps a line.
 */
package com.switchboard.workflows.lines;
