package com.switchboard.gpu.inventory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GPU model names for the fleet view, in CUDA device order. DJL's CUDA bindings know the count,
 * memory and compute capability but not the name; nvidia-smi ships with every NVIDIA driver, so it
 * is asked once at start. A host without it just shows compute capabilities.
 */
@FunctionalInterface
public interface GpuNames {
    List<String> names();

    /** No names: devices are shown by compute capability. */
    static GpuNames none() {
        return List::of;
    }

    /** Names from {@code nvidia-smi --query-gpu=name}, or none when it cannot be run. */
    static GpuNames nvidiaSmi() {
        return () -> {
            Logger log = LoggerFactory.getLogger(GpuNames.class);
            try {
                Process process = new ProcessBuilder("nvidia-smi", "--query-gpu=name", "--format=csv,noheader")
                        .redirectErrorStream(true)
                        .start();
                String out;
                try (InputStream in = process.getInputStream()) {
                    out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                if (!process.waitFor(5, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    process.destroyForcibly();
                    log.info("nvidia-smi gave no GPU names; devices are shown by compute capability");
                    return List.of();
                }
                return parse(out);
            } catch (IOException e) {
                log.info("nvidia-smi is not available ({}); devices are shown by compute capability", e.getMessage());
                return List.of();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        };
    }

    /** One name per non-blank line of nvidia-smi's CSV output. */
    static List<String> parse(String csv) {
        return csv.lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }
}
