package org.keras2dl4j.keras;

import java.util.List;
import org.keras2dl4j.keras.layers.WeightSpec;

/**
 * A layer call with what Keras would compute for it: input and output shapes (batch first) and the
 * weights it owns with their Keras shapes: {@link #weights()} as the file stores them (Keras 1's
 * names and layouts for a Keras 1 file), {@link #kerasWeights()} in the words of Keras 2 and 3, which
 * the DL4J building works with. Parameter counts are in scalars, as Keras counts them; a shared
 * layer's later calls count none (their weights are the first call's).
 */
public record InferredLayer(LayerSpec layer, List<Shape> inputShapes, Shape outputShape, List<WeightSpec> weights,
        List<WeightSpec> kerasWeights) {

    public InferredLayer {
        inputShapes = List.copyOf(inputShapes);
        weights = List.copyOf(weights);
        kerasWeights = List.copyOf(kerasWeights);
    }

    public InferredLayer(LayerSpec layer, List<Shape> inputShapes, Shape outputShape, List<WeightSpec> weights) {
        this(layer, inputShapes, outputShape, weights, weights);
    }

    public long params() {
        return layer.isRepeatedCall() ? 0 : weights.stream().mapToLong(WeightSpec::paramCount).reduce(0, Math::addExact);
    }

    public long trainableParams() {
        return layer.isRepeatedCall() ? 0
                : weights.stream().filter(WeightSpec::trainable).mapToLong(WeightSpec::paramCount).reduce(0, Math::addExact);
    }

    public long nonTrainableParams() {
        return params() - trainableParams();
    }
}
