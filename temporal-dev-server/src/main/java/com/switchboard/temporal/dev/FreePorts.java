package com.switchboard.temporal.dev;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Free TCP ports for servers started on fixed ports (the Temporal dev server, the embedded
 * default's children, a server replica restarted on its own port), chosen below the kernel's
 * ephemeral range: a port the kernel hands out as free comes from that range, where outgoing
 * connections also take their local ports, so it may be some client's by the time a server binds it.
 */
public final class FreePorts {
    private FreePorts() {}

    /** A port nothing listens on right now. */
    public static int one() {
        return take(1)[0];
    }

    /** {@code count} distinct ports nothing listens on right now, held together while chosen. */
    public static synchronized int[] take(int count) {
        int[] ports = new int[count];
        List<ServerSocket> held = new ArrayList<>();
        try {
            int below = ephemeralRangeStart();
            int span = below - LOWEST_PORT;
            int start = LOWEST_PORT + RANDOM.nextInt(span);
            int found = 0;
            for (int i = 0; i < span && found < count; i++) {
                int candidate = LOWEST_PORT + (start - LOWEST_PORT + i) % span;
                ServerSocket socket = tryBind(candidate);
                if (socket != null) {
                    held.add(socket);
                    ports[found++] = candidate;
                }
            }
            if (found < count) {
                throw new IllegalStateException("only " + found + " of " + count + " ports free below " + below);
            }
            return ports;
        } finally {
            held.forEach(FreePorts::closeQuietly);
        }
    }

    private static final int LOWEST_PORT = 20_000;
    private static final Random RANDOM = new Random();

    /** The first port of the kernel's ephemeral range (Linux's default when it cannot be read). */
    static int ephemeralRangeStart() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .strip();
            int start = Integer.parseInt(range.split("\\s+")[0]);
            return start > LOWEST_PORT + 1_000 ? start : 32_768;
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    /** The port bound on every address (so free on loopback too), or null when it is taken. */
    private static ServerSocket tryBind(int port) {
        try {
            ServerSocket socket = new ServerSocket();
            try {
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(port));
                return socket;
            } catch (IOException e) {
                socket.close();
                return null;
            }
        } catch (IOException e) {
            return null;
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // A socket we only held to keep the port from being handed out twice.
        }
    }
}
