package com.switchboard.livekit.simulator;

import java.util.Random;

/** LiveKit-looking ids (a type prefix and 12 random characters), from the simulator's seeded random. */
final class Ids {
    private static final String ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private final Random random;

    Ids(Random random) {
        this.random = random;
    }

    String next(String prefix) {
        StringBuilder sb = new StringBuilder(prefix);
        synchronized (random) {
            for (int i = 0; i < 12; i++) {
                sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
        }
        return sb.toString();
    }

    String hex(int length) {
        StringBuilder sb = new StringBuilder(length);
        synchronized (random) {
            for (int i = 0; i < length; i++) {
                sb.append(Character.forDigit(random.nextInt(16), 16));
            }
        }
        return sb.toString();
    }
}
