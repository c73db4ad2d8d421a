package org.keras2dl4j.dl4j.blocks;

import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A sequence {@code (batch, steps, features)} in reverse step order: Keras's {@code go_backwards} and
 * the backward half of {@code Bidirectional}.
 */
public final class TimeReverse extends OpLayer {
    private static final long serialVersionUID = 1L;

    @Override
    public INDArray forward(INDArray input, Map<String, INDArray> params) {
        long steps = input.size(1);
        INDArray out = input.ulike();
        for (long t = 0; t < steps; t++) {
            out.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all())
                    .assign(input.get(NDArrayIndex.all(), NDArrayIndex.point(steps - 1 - t), NDArrayIndex.all()));
        }
        return out;
    }

    @Override
    public InputType outputType(InputType input) {
        return input;
    }

    @Override
    public String toString() {
        return "TimeReverse";
    }
}
