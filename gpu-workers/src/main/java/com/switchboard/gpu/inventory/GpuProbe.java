package com.switchboard.gpu.inventory;

import java.util.List;

/**
 * What the worker asks of the GPUs. The real probe reads CUDA through DJL; tests feed readings so
 * that slot sizing and the exclusion of broken GPUs are tested on a machine without any GPU.
 */
public interface GpuProbe {
    /** The GPUs the host reports, in device order; empty on a host without CUDA. */
    List<GpuDevice> devices();

    /** Free and total memory of one GPU, read now (other processes' use included). */
    GpuMemory memory(int index);

    /**
     * Proves that a GPU computes: a small tensor computation whose result is checked. Throws when
     * the GPU fails it, so that the worker does not admit sessions onto it.
     */
    void selfTest(int index);
}
