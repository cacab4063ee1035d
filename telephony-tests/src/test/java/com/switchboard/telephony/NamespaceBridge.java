package com.switchboard.telephony;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * TCP between the loopback of this machine's own network namespace and the loopback of a test
 * host's, through Unix domain sockets in the file system (which every namespace shares): no packet
 * leaves either loopback. One side listens on TCP and connects to a socket file; the other listens
 * on that file and connects to TCP. {@link #main} runs the host's side inside the host (started with
 * {@code ip netns exec}); this JVM runs its own side with {@link #forward}.
 */
final class NamespaceBridge implements AutoCloseable {
    private final List<ServerSocketChannel> listeners = new ArrayList<>();

    /**
     * Each argument one forward: {@code tcp:PORT>unix:PATH} (listen on 127.0.0.1:PORT, connect to
     * the file) or {@code unix:PATH>tcp:PORT}. Runs until killed; prints {@code bridged} once all
     * listen.
     */
    public static void main(String[] args) throws IOException {
        NamespaceBridge bridge = new NamespaceBridge();
        for (String arg : args) {
            String[] ends = arg.split(">", 2);
            bridge.forward(ends[0], ends[1]);
        }
        System.out.println("bridged " + String.join(" ", args));
        System.out.flush();
        try {
            Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Listens on {@code from} ({@code tcp:PORT} or {@code unix:PATH}) and relays each connection to {@code to}. */
    void forward(String from, String to) throws IOException {
        ServerSocketChannel listener;
        if (from.startsWith("tcp:")) {
            listener = ServerSocketChannel.open(StandardProtocolFamily.INET);
            listener.bind(new InetSocketAddress("127.0.0.1", Integer.parseInt(from.substring(4))));
        } else {
            Path file = Path.of(from.substring(5));
            Files.deleteIfExists(file);
            listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            listener.bind(UnixDomainSocketAddress.of(file));
        }
        listeners.add(listener);
        Thread.ofVirtual().name("bridge " + from).start(() -> {
            while (listener.isOpen()) {
                try {
                    SocketChannel accepted = listener.accept();
                    Thread.ofVirtual().start(() -> relay(accepted, to));
                } catch (IOException e) {
                    return; // closed
                }
            }
        });
    }

    private static void relay(SocketChannel accepted, String to) {
        try (accepted;
                SocketChannel target = to.startsWith("tcp:")
                        ? SocketChannel.open(new InetSocketAddress("127.0.0.1", Integer.parseInt(to.substring(4))))
                        : SocketChannel.open(UnixDomainSocketAddress.of(Path.of(to.substring(5))))) {
            Thread back = Thread.ofVirtual().start(() -> pump(target, accepted));
            pump(accepted, target);
            back.join();
        } catch (IOException e) {
            // the other end is gone: so is this connection
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void pump(SocketChannel from, SocketChannel to) {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        try {
            while (from.read(buffer) >= 0) {
                buffer.flip();
                while (buffer.hasRemaining()) {
                    to.write(buffer);
                }
                buffer.clear();
            }
            to.shutdownOutput();
        } catch (IOException e) {
            try {
                from.close();
                to.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() {
        for (ServerSocketChannel listener : listeners) {
            try {
                listener.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
