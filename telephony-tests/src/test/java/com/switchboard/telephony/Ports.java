package com.switchboard.telephony;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Loopback ports nobody uses now, none of them a tool's default (other test runs on this machine
 * may run LiveKit, Temporal or a server at the defaults). A port handed out once is not handed out
 * again by this run.
 */
final class Ports {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final Set<Integer> GIVEN = new HashSet<>();
    private static final Random RANDOM = new Random();

    private Ports() {}

    /** A port free for TCP and UDP (SIP listens on both). */
    static synchronized int free() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = 20000 + RANDOM.nextInt(20000);
            if (!GIVEN.contains(port) && tcpFree(port) && udpFree(port)) {
                GIVEN.add(port);
                return port;
            }
        }
        throw new IllegalStateException("no free loopback port found");
    }

    /** {@code count} consecutive UDP ports, the first even (RTP takes even ports). */
    static synchronized int freeUdpRange(int count) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int first = (20000 + RANDOM.nextInt(20000)) & ~1;
            List<Integer> range = new ArrayList<>();
            for (int p = first; p < first + count; p++) {
                range.add(p);
            }
            if (range.stream().noneMatch(GIVEN::contains) && range.stream().allMatch(Ports::udpFree)) {
                GIVEN.addAll(range);
                return first;
            }
        }
        throw new IllegalStateException("no free range of " + count + " loopback UDP ports found");
    }

    private static boolean tcpFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean udpFree(int port) {
        try (DatagramSocket socket = new DatagramSocket(null)) {
            socket.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
