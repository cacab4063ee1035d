package com.switchboard.gpu.slots;

import com.switchboard.gpu.inventory.GpuDevice;

/** Where a session's models run: one GPU, or the host's CPU on a machine without GPUs. */
public sealed interface SessionDevice {
    /** Stable id used in reports and results: {@code cuda:0} or {@code cpu}. */
    String id();

    String name();

    /** The most sessions this device holds, whatever its memory says. */
    int maxSessions();

    record Gpu(GpuDevice gpu, int maxSessions) implements SessionDevice {
        public Gpu {
            if (maxSessions < 1) {
                throw new IllegalArgumentException("a GPU holds at least one session");
            }
        }

        @Override
        public String id() {
            return gpu.id();
        }

        @Override
        public String name() {
            return gpu.name();
        }
    }

    record Cpu(int maxSessions) implements SessionDevice {
        public Cpu {
            if (maxSessions < 0) {
                throw new IllegalArgumentException("CPU slots are not negative");
            }
        }

        @Override
        public String id() {
            return "cpu";
        }

        @Override
        public String name() {
            return "CPU";
        }
    }
}
