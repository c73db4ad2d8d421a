package org.keras2dl4j.dl4j;

import java.util.function.UnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where the values of one DL4J parameter come from: a Keras weight of the layer as stored
 * (row-major, Keras's shape), possibly rearranged into DL4J's layout, or a constant for a parameter
 * Keras does not have (BatchNormalization's gamma when {@code scale=False}).
 */
public interface ParamSource {

    /** The values, in an array of {@code paramShape}'s element count. */
    INDArray value(KerasWeights weights, long[] paramShape);

    /** The Keras weight (when the parameter takes exactly one), for messages and streaming; null otherwise. */
    default String weight() {
        return null;
    }

    /** Whether the parameter is the Keras weight as stored, with no rearrangement. */
    default boolean direct() {
        return false;
    }

    /** The Keras weight {@code name} as stored. */
    static ParamSource weight(String name) {
        return new ParamSource() {
            @Override
            public INDArray value(KerasWeights weights, long[] paramShape) {
                return weights.get(name);
            }

            @Override
            public String weight() {
                return name;
            }

            @Override
            public boolean direct() {
                return true;
            }
        };
    }

    /** The Keras weight {@code name}, rearranged by {@code transform}. */
    static ParamSource weight(String name, UnaryOperator<INDArray> transform) {
        return new ParamSource() {
            @Override
            public INDArray value(KerasWeights weights, long[] paramShape) {
                return transform.apply(weights.get(name));
            }

            @Override
            public String weight() {
                return name;
            }
        };
    }

    /** A parameter computed from several Keras weights of the layer. */
    static ParamSource weights(java.util.function.Function<KerasWeights, INDArray> combine) {
        return (weights, paramShape) -> combine.apply(weights);
    }

    /** Every value {@code value}. */
    static ParamSource constant(double value) {
        return (weights, paramShape) -> Nd4j.valueArrayOf(paramShape, value, DataType.FLOAT);
    }
}
