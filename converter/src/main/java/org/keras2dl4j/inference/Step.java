package org.keras2dl4j.inference;

import org.nd4j.linalg.api.ndarray.INDArray;

/** One block of a network as an {@link InferenceEngine} runs it: takes its inputs' activations, returns its output. */
interface Step {
    /**
     * Computes this step's output. It may overwrite {@code inputs[0]} when {@link #inPlace()} (the
     * engine then passes an array nothing else reads); it never overwrites other inputs.
     */
    INDArray apply(INDArray[] inputs);

    /** Whether {@link #apply} overwrites its first input (and returns it). */
    default boolean inPlace() {
        return false;
    }

    /** Whether {@link #apply} may return its first input itself or a view of it (reshapes, identities). */
    default boolean aliasesInput() {
        return inPlace();
    }
}
