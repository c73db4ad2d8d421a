package org.keras2dl4j.keras.layers;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.keras2dl4j.dl4j.InputTypes;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.dl4j.Tensor;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code GlobalAveragePooling2D} and {@code GlobalMaxPooling2D}: {@code (None, channels)}, or
 * with {@code keepdims} the image of size 1x1. A DL4J {@code GlobalPoolingLayer}, reshaped back to an
 * image for {@code keepdims}.
 */
final class GlobalPooling2DType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        Spatial.requireRank(layer, input, 4);
        boolean last = Spatial.channelsLast(layer);
        long channels = Spatial.channels(layer, input, last);
        if (layer.bool("keepdims", false)) {
            return Spatial.replaceSpatial(input, last, new long[] {1, 1}, channels);
        }
        return Shape.batchOf(channels);
    }

    @Override
    public void build(LayerBuild build) {
        LayerConfig c = build.config();
        boolean max = c.layer().className().contains("Max");
        Tensor pooled = build.layer(c.bool("keepdims", false) ? "pool" : null,
                new GlobalPoolingLayer.Builder(max ? PoolingType.MAX : PoolingType.AVG).collapseDimensions(true).build(),
                build.asImage(build.input(), Spatial.format(c)));
        if (c.bool("keepdims", false)) {
            build.reshape(null, pooled, null, build.outputShape(),
                    InputTypes.of(build.outputShape(), Spatial.format(c), build.where()));
        }
    }
}
