package com.switchboard.gpu.testing;

import com.switchboard.gpu.inventory.GpuDevice;
import com.switchboard.gpu.inventory.GpuMemory;
import com.switchboard.gpu.inventory.GpuProbe;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** GPU readings fed by a test: the CUDA path without a GPU. */
public final class FakeGpus implements GpuProbe {
    private final List<GpuDevice> devices = new ArrayList<>();
    private final Map<Integer, Long> freeMiB = new ConcurrentHashMap<>();
    private final Set<Integer> failingSelfTest = new HashSet<>();
    private final Set<Integer> unreadable = ConcurrentHashMap.newKeySet();

    /** Adds a GPU with {@code totalMiB} of memory, {@code freeMiB} of it free. */
    public FakeGpus gpu(String name, long totalMiB, long freeMiB) {
        int index = devices.size();
        devices.add(new GpuDevice(index, name, totalMiB));
        this.freeMiB.put(index, freeMiB);
        return this;
    }

    public FakeGpus failingSelfTest(int index) {
        failingSelfTest.add(index);
        return this;
    }

    public void setFree(int index, long mib) {
        freeMiB.put(index, mib);
    }

    public void setUnreadable(int index, boolean broken) {
        if (broken) {
            unreadable.add(index);
        } else {
            unreadable.remove(index);
        }
    }

    public GpuDevice device(int index) {
        return devices.get(index);
    }

    @Override
    public List<GpuDevice> devices() {
        return List.copyOf(devices);
    }

    @Override
    public GpuMemory memory(int index) {
        if (unreadable.contains(index)) {
            throw new IllegalStateException("CUDA error: GPU " + index + " has fallen off the bus");
        }
        return new GpuMemory(freeMiB.get(index), devices.get(index).totalMiB());
    }

    @Override
    public void selfTest(int index) {
        if (failingSelfTest.contains(index)) {
            throw new IllegalStateException("CUDA error: an illegal memory access was encountered");
        }
    }
}
