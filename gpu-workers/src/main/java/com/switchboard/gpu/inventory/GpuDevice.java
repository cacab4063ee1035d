package com.switchboard.gpu.inventory;

/**
 * One GPU as the host reports it.
 *
 * @param index the CUDA device index
 * @param name a human name for the fleet view (model name where the host tells it)
 * @param totalMiB the GPU's memory
 */
public record GpuDevice(int index, String name, long totalMiB) {
    public GpuDevice {
        if (index < 0) {
            throw new IllegalArgumentException("a CUDA device index is not negative: " + index);
        }
        if (name == null || name.isBlank()) {
            name = "GPU " + index;
        }
    }

    /** The device id used in logs, reports and session results, e.g. {@code cuda:0}. */
    public String id() {
        return "cuda:" + index;
    }
}
