package com.switchboard.gpu.inventory;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import java.lang.management.MemoryUsage;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the host's GPUs through DJL: the CUDA runtime for the count and memory (cudaMemGetInfo,
 * which counts every process on the card, the agents' models included) and the PyTorch engine for
 * the self-test. DJL does not expose device names, so they come from {@link GpuNames}.
 */
public final class DjlGpuProbe implements GpuProbe {
    private static final long MIB = 1024L * 1024L;

    private final GpuNames names;

    public DjlGpuProbe(GpuNames names) {
        this.names = names;
    }

    @Override
    public List<GpuDevice> devices() {
        int count = CudaUtils.getGpuCount();
        List<String> known = count > 0 ? names.names() : List.of();
        List<GpuDevice> devices = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = i < known.size() ? known.get(i) : "CUDA GPU (compute " + computeCapability(i) + ")";
            devices.add(new GpuDevice(i, name, memory(i).totalMiB()));
        }
        return devices;
    }

    @Override
    public GpuMemory memory(int index) {
        MemoryUsage usage = CudaUtils.getGpuMemory(Device.gpu(index));
        long total = usage.getMax() / MIB;
        long used = usage.getUsed() / MIB;
        return new GpuMemory(Math.max(0, total - used), total);
    }

    @Override
    public void selfTest(int index) {
        TensorSelfTest.run(Device.gpu(index));
    }

    private static String computeCapability(int index) {
        String cc = CudaUtils.getComputeCapability(index);
        return cc.length() == 2 ? cc.charAt(0) + "." + cc.charAt(1) : cc;
    }
}
