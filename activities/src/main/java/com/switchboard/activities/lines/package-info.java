/**
 * The call's side of the line semaphore: update-with-start to acquire (retrying the server's
 * in-flight update limit), signal to release, and the semaphore's audit of its holders.
 */
package com.switchboard.activities.lines;
