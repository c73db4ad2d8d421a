package org.keras2dl4j.inference;

import org.nd4j.linalg.api.ndarray.INDArray;

/** One operation of an {@link InferenceEngine}: takes the previous activations, returns the next. */
interface Step {
    /**
     * Computes this step's output. It may overwrite {@code x} (the engine never passes the caller's
     * input to a step that does) and allocates in the current workspace.
     */
    INDArray apply(INDArray x);

    /** Whether {@link #apply} overwrites its input. */
    default boolean inPlace() {
        return false;
    }
}
