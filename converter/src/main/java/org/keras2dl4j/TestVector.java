package org.keras2dl4j;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A self-check stored with a converted network, as frugally-deep stores one: inputs, the outputs the
 * network must compute from them, and the absolute tolerance. {@code origin} says where the outputs
 * came from: {@value #KERAS} (Keras's own predictions, given at conversion) or {@value #CONVERSION}
 * (the converted network's outputs at conversion time, on a seeded random input).
 */
public record TestVector(List<INDArray> inputs, List<INDArray> outputs, String origin, double tolerance) {
    /** The outputs are Keras's predictions. */
    public static final String KERAS = "keras";
    /** The outputs are the converted network's at conversion time. */
    public static final String CONVERSION = "conversion";
    /** The tolerance frugally-deep uses, and the default of {@code verify --atol}. */
    public static final double DEFAULT_TOLERANCE = 1e-4;

    public TestVector {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        if (!(tolerance >= 0)) {
            throw new IllegalArgumentException("tolerance must be zero or more, got " + tolerance);
        }
    }
}
