package com.switchboard.telephony;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * LiveKit's configuration for these tests: the production files of deploy/livekit/ with only the
 * host-specific values replaced (ports, addresses, where Redis and the webhook listener are), so
 * that the tests also prove those files. Everything is bound to, and announced as, 127.0.0.1.
 */
final class LiveKitConfigs {
    static final Path SERVER_YAML = Tools.ROOT.resolve("deploy/livekit/livekit.yaml");
    static final Path SIP_YAML = Tools.ROOT.resolve("deploy/livekit/sip.yaml");

    private LiveKitConfigs() {}

    /**
     * @param stunPort a loopback port nothing listens on: LiveKit hands its STUN servers to every
     *     client (LiveKit SIP, the agent) and would otherwise name public ones
     */
    static Map<String, Object> server(
            int port, int rtcFirst, int rtcLast, int stunPort, int prometheusPort, int redisPort, int webhookPort) {
        Map<String, Object> config = read(SERVER_YAML);
        config.put("port", port);
        config.put("bind_addresses", List.of("127.0.0.1"));
        set(config, "rtc.port_range_start", rtcFirst);
        set(config, "rtc.port_range_end", rtcLast);
        // ICE over TCP listens on every interface (LiveKit has no address for it): off here.
        set(config, "rtc.tcp_port", 0);
        set(config, "rtc.use_external_ip", false);
        set(config, "rtc.node_ip", "127.0.0.1");
        set(config, "rtc.enable_loopback_candidate", true);
        set(config, "rtc.interfaces", Map.of("includes", List.of("lo")));
        set(config, "rtc.ips", Map.of("includes", List.of("127.0.0.1/32")));
        set(config, "rtc.stun_servers", List.of("127.0.0.1:" + stunPort));
        set(config, "redis.address", "127.0.0.1:" + redisPort);
        set(config, "webhook.urls", List.of("http://127.0.0.1:" + webhookPort + "/livekit/webhook"));
        config.put("prometheus_port", prometheusPort);
        return config;
    }

    static Map<String, Object> sip(int sipPort, int rtpFirst, int rtpLast, int redisPort) {
        return sip(sipPort, rtpFirst, rtpLast, redisPort, "127.0.0.1");
    }

    /** @param address where LiveKit SIP listens for SIP and RTP and what its SDP names */
    static Map<String, Object> sip(int sipPort, int rtpFirst, int rtpLast, int redisPort, String address) {
        Map<String, Object> config = read(SIP_YAML);
        set(config, "redis.address", "127.0.0.1:" + redisPort);
        config.put("sip_port", sipPort);
        config.put("rtp_port", rtpFirst + "-" + rtpLast);
        // use_external_ip asks public STUN servers for the host's address.
        config.put("use_external_ip", false);
        config.put("nat_1_to_1_ip", address);
        config.put("listen_ip", address);
        // Both listen on every interface (LiveKit SIP has no address for them): off here.
        config.put("health_port", 0);
        config.put("prometheus_port", 0);
        return config;
    }

    /** The webhook API key of the production file: the tests' LiveKit key must be the same. */
    static String webhookApiKey() {
        Object webhook = read(SERVER_YAML).get("webhook");
        return String.valueOf(((Map<?, ?>) webhook).get("api_key"));
    }

    static Path write(Map<String, Object> config, Path file) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        try {
            Files.writeString(file, new Yaml(options).dump(config), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Object> read(Path file) {
        try {
            Map<String, Object> config = new Yaml().load(Files.readString(file, StandardCharsets.UTF_8));
            return config == null ? new LinkedHashMap<>() : config;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static void set(Map<String, Object> config, String dottedKey, Object value) {
        String[] keys = dottedKey.split("\\.");
        Map<String, Object> node = config;
        for (int i = 0; i < keys.length - 1; i++) {
            node = (Map<String, Object>) node.computeIfAbsent(keys[i], k -> new LinkedHashMap<String, Object>());
        }
        node.put(keys[keys.length - 1], value);
    }
}
