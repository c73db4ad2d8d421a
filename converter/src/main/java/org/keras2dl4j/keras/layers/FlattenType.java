package org.keras2dl4j.keras.layers;

import java.util.List;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.dl4j.Tensor;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code Flatten}: {@code (None, d1, d2, ...)} becomes {@code (None, d1 * d2 * ...)} in row-major
 * order; with {@code data_format='channels_first'} the channels axis first moves last
 * (keras/src/layers/reshaping/flatten.py), so a channels_first model flattens as its channels_last
 * twin. A reshape in DL4J.
 */
final class FlattenType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        Shape features = input.withoutBatch();
        if (!features.isFullyKnown()) {
            throw new InvalidModelException(layer.where() + ": cannot flatten input " + input
                    + " whose dimensions are not all known");
        }
        return Shape.batchOf(features.elementCount());
    }

    @Override
    public void build(LayerBuild build) {
        Tensor input = build.input();
        int[] permutation = null;
        if (input.rank() >= 3 && !Spatial.channelsLast(build.config())) {
            permutation = new int[input.rank() - 1];
            for (int i = 0; i < permutation.length - 1; i++) {
                permutation[i] = i + 1;
            }
            permutation[permutation.length - 1] = 0;
        }
        long size = build.outputShape().dim(1);
        build.reshape(null, input, permutation, build.outputShape(), InputType.feedForward(size));
    }
}
