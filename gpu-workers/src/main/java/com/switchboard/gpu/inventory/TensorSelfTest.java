package com.switchboard.gpu.inventory;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A small computation through DJL's PyTorch engine whose answer is known: the Gram matrix of a
 * 4 x 4 matrix, reduced to its sum. It exercises allocation, a kernel launch and a copy back to the
 * host, which is what a broken GPU or a mismatched libtorch fails first.
 */
public final class TensorSelfTest {
    private static final int N = 4;

    private TensorSelfTest() {}

    /** Runs the computation on {@code device} and returns its result; throws if it is wrong. */
    public static float run(Device device) {
        Engine engine = Engine.getEngine("PyTorch");
        try (NDManager manager = engine.newBaseManager(device)) {
            NDArray a = manager.arange(0f, N * N).reshape(new Shape(N, N));
            float sum = a.matMul(a.transpose()).sum().getFloat();
            float expected = expectedSum();
            if (Math.abs(sum - expected) > 1e-3f * expected) {
                throw new IllegalStateException(
                        "tensor self-test on " + device + " computed " + sum + ", expected " + expected);
            }
            return sum;
        }
    }

    /** The same sum, computed on the JVM: sum over i, j of row(i) . row(j). */
    static float expectedSum() {
        double total = 0;
        for (int i = 0; i < N; i++) {
            for (int j = 0; j < N; j++) {
                for (int k = 0; k < N; k++) {
                    total += (double) (i * N + k) * (j * N + k);
                }
            }
        }
        return (float) total;
    }
}
