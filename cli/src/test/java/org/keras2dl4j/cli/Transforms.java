package org.keras2dl4j.cli;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Array comparisons for tests. */
final class Transforms {
    private Transforms() {
    }

    static double maxAbsDifference(INDArray expected, INDArray actual) {
        return expected.sub(actual).amaxNumber().doubleValue();
    }
}
