package com.switchboard.server.netns;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * The program a test runs inside a {@link TestHosts} host, through {@code ip netns exec}, because a
 * JVM cannot move its own sockets into another network namespace.
 *
 * <ul>
 *   <li>{@code serve udp:15060 tcp:8080 ...}: listens on every address (IPv4 and IPv6), answers a SIP
 *       request with {@code 200 OK} (Via, From, To, Call-ID and CSeq copied) and anything else with
 *       {@code pong <port>}, and prints {@code received <proto>:<port> from <address> <method>} for
 *       each request, then {@code ready} once every socket is bound.
 *   <li>{@code client}: reads {@code probe <id> <udp|tcp> <address> <port> <OPTIONS|INVITE|PING>
 *       <timeout-ms>} lines and prints {@code result <id> <answered|silence|refused|wrong> <ms>
 *       <detail>} for each: answered only by a reply that matches the request.
 * </ul>
 *
 * A plain socket listener, no SIP stack: what the firewall decides is whether a packet gets to the
 * socket, which this shows as well as LiveKit SIP would.
 */
public final class NetProbe {
    private static final List<String> SIP_METHODS = List.of("OPTIONS", "INVITE", "ACK", "BYE", "CANCEL", "REGISTER");
    private static final List<String> COPIED_HEADERS = List.of("via", "from", "to", "call-id", "cseq");

    private NetProbe() {}

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("serve")) {
            serve(List.of(args).subList(1, args.length));
        } else if (args.length == 1 && args[0].equals("client")) {
            client();
        } else {
            System.err.println("usage: NetProbe serve <udp|tcp>:<port>... | NetProbe client");
            System.exit(64);
        }
    }

    private static void serve(List<String> endpoints) throws IOException, InterruptedException {
        for (String endpoint : endpoints) {
            String[] parts = endpoint.split(":");
            int port = Integer.parseInt(parts[1]);
            switch (parts[0]) {
                case "udp" -> {
                    DatagramSocket socket = new DatagramSocket(new InetSocketAddress(port));
                    Thread.ofPlatform().daemon().start(() -> serveUdp(socket, port));
                }
                case "tcp" -> {
                    ServerSocket socket = new ServerSocket();
                    socket.setReuseAddress(true);
                    socket.bind(new InetSocketAddress(port));
                    Thread.ofPlatform().daemon().start(() -> serveTcp(socket, port));
                }
                default -> throw new IllegalArgumentException("not udp or tcp: " + endpoint);
            }
            say("listening " + endpoint);
        }
        say("ready");
        // Runs until the test (TestHosts.close) stops it; stdin closing means the test is gone.
        System.in.transferTo(OutputStream.nullOutputStream());
    }

    private static void serveUdp(DatagramSocket socket, int port) {
        byte[] buffer = new byte[65535];
        while (true) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                String request = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                say("received udp:" + port + " from " + packet.getAddress().getHostAddress() + " " + method(request));
                byte[] answer = answer(request, port).getBytes(StandardCharsets.UTF_8);
                socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
            } catch (IOException e) {
                say("error udp:" + port + " " + e);
            }
        }
    }

    private static void serveTcp(ServerSocket server, int port) {
        while (true) {
            try {
                Socket socket = server.accept();
                Thread.ofPlatform().daemon().start(() -> {
                    try (socket) {
                        socket.setSoTimeout(5_000);
                        String request = readMessage(socket.getInputStream());
                        say("received tcp:" + port + " from "
                                + socket.getInetAddress().getHostAddress() + " " + method(request));
                        socket.getOutputStream().write(answer(request, port).getBytes(StandardCharsets.UTF_8));
                        socket.getOutputStream().flush();
                    } catch (IOException e) {
                        say("error tcp:" + port + " " + e);
                    }
                });
            } catch (IOException e) {
                say("error tcp:" + port + " " + e);
                return;
            }
        }
    }

    private static String method(String request) {
        String first = request.lines().findFirst().orElse("");
        int space = first.indexOf(' ');
        return space < 0 ? first : first.substring(0, space);
    }

    static String answer(String request, int port) {
        if (!SIP_METHODS.contains(method(request))) {
            return "pong " + port + "\n";
        }
        StringBuilder response = new StringBuilder("SIP/2.0 200 OK\r\n");
        request.lines()
                .filter(line -> {
                    int colon = line.indexOf(':');
                    return colon > 0
                            && COPIED_HEADERS.contains(
                                    line.substring(0, colon).strip().toLowerCase(Locale.ROOT));
                })
                .forEach(line -> response.append(line).append("\r\n"));
        return response.append("Content-Length: 0\r\n\r\n").toString();
    }

    private static void client() throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            String[] words = line.strip().split(" ");
            if (words.length != 7 || !words[0].equals("probe")) {
                say("unknown " + line);
                continue;
            }
            String id = words[1];
            long start = System.nanoTime();
            String outcome;
            try {
                outcome = probe(
                        words[2],
                        InetAddress.getByName(words[3]),
                        Integer.parseInt(words[4]),
                        words[5],
                        Integer.parseInt(words[6]));
            } catch (SocketTimeoutException e) {
                outcome = "silence";
            } catch (PortUnreachableException | ConnectException e) {
                outcome = "refused " + e.getMessage();
            } catch (IOException | RuntimeException e) {
                outcome = "wrong " + e;
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            String[] split = outcome.split(" ", 2);
            say("result " + id + " " + split[0] + " " + millis + (split.length > 1 ? " " + split[1] : ""));
        }
    }

    /** Sends one request and reads one reply; throws SocketTimeoutException when none comes in time. */
    private static String probe(String protocol, InetAddress address, int port, String kind, int timeoutMillis)
            throws IOException {
        String callId = UUID.randomUUID() + "@probe";
        return switch (protocol) {
            case "udp" -> {
                try (DatagramSocket socket = new DatagramSocket()) {
                    socket.connect(address, port);
                    socket.setSoTimeout(timeoutMillis);
                    byte[] request = request(kind, "UDP", socket.getLocalAddress(), address, port, callId)
                            .getBytes(StandardCharsets.UTF_8);
                    socket.send(new DatagramPacket(request, request.length));
                    DatagramPacket reply = new DatagramPacket(new byte[65535], 65535);
                    socket.receive(reply);
                    yield check(
                            kind,
                            port,
                            callId,
                            new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8));
                }
            }
            case "tcp" -> {
                long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(address, port), timeoutMillis);
                    socket.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                    socket.getOutputStream()
                            .write(request(kind, "TCP", socket.getLocalAddress(), address, port, callId)
                                    .getBytes(StandardCharsets.UTF_8));
                    socket.getOutputStream().flush();
                    yield check(kind, port, callId, readMessage(socket.getInputStream()));
                }
            }
            default -> throw new IllegalArgumentException("not udp or tcp: " + protocol);
        };
    }

    private static String request(
            String kind, String transport, InetAddress local, InetAddress remote, int port, String callId) {
        if (kind.equals("PING")) {
            return "ping\n";
        }
        String here = host(local);
        String there = host(remote) + ":" + port;
        String tag = UUID.randomUUID().toString().substring(0, 8);
        return kind + " sip:switchboard@" + there + ";transport=" + transport.toLowerCase(Locale.ROOT) + " SIP/2.0\r\n"
                + "Via: SIP/2.0/" + transport + " " + here + ";branch=z9hG4bK" + tag + "\r\n"
                + "Max-Forwards: 70\r\n"
                + "From: <sip:pbx@" + here + ">;tag=" + tag + "\r\n"
                + "To: <sip:switchboard@" + there + ">\r\n"
                + "Call-ID: " + callId + "\r\n"
                + "CSeq: 1 " + kind + "\r\n"
                + "Contact: <sip:pbx@" + here + ">\r\n"
                + "Content-Length: 0\r\n\r\n";
    }

    private static String host(InetAddress address) {
        return address instanceof Inet6Address ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
    }

    private static String check(String kind, int port, String callId, String reply) {
        String first = reply.lines().findFirst().orElse("");
        boolean matches = kind.equals("PING")
                ? first.equals("pong " + port)
                : first.equals("SIP/2.0 200 OK") && reply.contains("Call-ID: " + callId + "\r\n");
        return (matches ? "answered " : "wrong ") + first;
    }

    /** Reads up to the blank line that ends a SIP message's headers, or one line of anything else. */
    private static String readMessage(InputStream in) throws IOException {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && message.size() < 65535; b = in.read()) {
            message.write(b);
            String text = message.toString(StandardCharsets.UTF_8);
            if (text.endsWith("\r\n\r\n") || (text.endsWith("\n") && !text.contains("SIP/2.0"))) {
                break;
            }
        }
        return message.toString(StandardCharsets.UTF_8);
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
