/**
 * How many sessions this host takes: activity slots sized from each GPU's free memory, so that a
 * full host leaves the task in the queue for another.
 */
package com.switchboard.gpu.slots;
