package org.keras2dl4j.keras;

import java.util.List;
import org.keras2dl4j.keras.layers.WeightSpec;

/**
 * A layer with what Keras would compute for it: input and output shapes (batch first) and the
 * weights it owns with their Keras shapes. Parameter counts are in scalars, as Keras counts them.
 */
public record InferredLayer(LayerSpec layer, List<Shape> inputShapes, Shape outputShape, List<WeightSpec> weights) {

    public InferredLayer {
        inputShapes = List.copyOf(inputShapes);
        weights = List.copyOf(weights);
    }

    public long params() {
        return weights.stream().mapToLong(WeightSpec::paramCount).sum();
    }

    public long trainableParams() {
        return weights.stream().filter(WeightSpec::trainable).mapToLong(WeightSpec::paramCount).sum();
    }

    public long nonTrainableParams() {
        return params() - trainableParams();
    }
}
