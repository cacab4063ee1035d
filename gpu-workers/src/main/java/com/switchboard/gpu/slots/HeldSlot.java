package com.switchboard.gpu.slots;

import java.time.Instant;

/**
 * A slot in use by a session, as the fleet view shows it.
 *
 * @param device the device id ({@code cuda:0}, {@code cpu})
 */
public record HeldSlot(SessionKey session, String device, Instant since) {}
