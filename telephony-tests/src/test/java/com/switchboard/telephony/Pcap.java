package com.switchboard.telephony;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** How long the RTP of a pcap file lasts: from its first packet's timestamp to its last's. */
final class Pcap {
    private Pcap() {}

    static Duration duration(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int magic = buffer.order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        buffer.order(magic == 0xa1b2c3d4 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        long firstMicros = -1;
        long lastMicros = -1;
        int offset = 24;
        while (offset + 16 <= bytes.length) {
            long micros =
                    (buffer.getInt(offset) & 0xffffffffL) * 1_000_000L + (buffer.getInt(offset + 4) & 0xffffffffL);
            int captured = buffer.getInt(offset + 8);
            if (firstMicros < 0) {
                firstMicros = micros;
            }
            lastMicros = micros;
            offset += 16 + captured;
        }
        return Duration.ofNanos(Math.max(0, lastMicros - firstMicros) * 1000);
    }
}
