package org.keras2dl4j.keras.layers;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.dl4j.Tensor;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code GlobalAveragePooling1D} and {@code GlobalMaxPooling1D}: {@code (None, features)}, or
 * {@code (None, 1, features)} with {@code keepdims}. DL4J's {@code GlobalPoolingLayer} over the
 * sequence as an image of width 1.
 */
final class GlobalPooling1DType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape input = Sequences.input(layer, inputs);
        if (layer.bool("keepdims", false)) {
            return Sequences.of(1, Sequences.features(layer, input));
        }
        return Shape.batchOf(Sequences.features(layer, input));
    }

    @Override
    public void build(LayerBuild build) {
        boolean max = build.config().layer().className().contains("Max");
        boolean keepdims = build.config().bool("keepdims", false);
        Tensor pooled = build.layer(keepdims ? "pool" : null, new GlobalPoolingLayer.Builder(max ? PoolingType.MAX
                : PoolingType.AVG).collapseDimensions(true).build(), Sequences.asImage(build, build.input()));
        if (keepdims) {
            Sequences.toSequence(build, pooled);
        }
    }
}
