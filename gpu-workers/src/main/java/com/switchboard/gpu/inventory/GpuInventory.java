package com.switchboard.gpu.inventory;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GPUs this worker may hand sessions to: those the host reports that pass the self-test at
 * start. A GPU that fails is left out (and logged) rather than failing the whole host, so a host
 * with one broken card keeps serving on the others.
 */
public record GpuInventory(List<GpuDevice> usable, List<ExcludedGpu> excluded) {
    private static final Logger log = LoggerFactory.getLogger(GpuInventory.class);

    public GpuInventory {
        usable = List.copyOf(usable);
        excluded = List.copyOf(excluded);
    }

    /** A GPU the host reports but that failed its self-test. */
    public record ExcludedGpu(GpuDevice device, String reason) {}

    public static GpuInventory discover(GpuProbe probe) {
        List<GpuDevice> usable = new ArrayList<>();
        List<ExcludedGpu> excluded = new ArrayList<>();
        for (GpuDevice device : probe.devices()) {
            try {
                probe.selfTest(device.index());
                usable.add(device);
                log.info("GPU {} ({}, {} MiB) passed its self-test", device.id(), device.name(), device.totalMiB());
            } catch (RuntimeException | LinkageError e) {
                // LinkageError: a CUDA build of libtorch that cannot load on this driver.
                excluded.add(new ExcludedGpu(device, String.valueOf(e.getMessage())));
                log.error("GPU {} ({}) failed its self-test and is not used", device.id(), device.name(), e);
            }
        }
        return new GpuInventory(usable, excluded);
    }

    /** True when the host reports no GPU at all: the worker then runs on CPU slots. */
    public boolean hostHasNoGpu() {
        return usable.isEmpty() && excluded.isEmpty();
    }
}
