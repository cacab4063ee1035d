package com.switchboard.gpu.inventory;

/** One reading of a GPU's memory, in MiB. */
public record GpuMemory(long freeMiB, long totalMiB) {
    public GpuMemory {
        if (freeMiB < 0 || totalMiB < 0 || freeMiB > totalMiB) {
            throw new IllegalArgumentException("impossible memory reading: free " + freeMiB + " of " + totalMiB);
        }
    }
}
