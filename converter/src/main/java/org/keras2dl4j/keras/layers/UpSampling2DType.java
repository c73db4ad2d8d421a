package org.keras2dl4j.keras.layers;

import java.util.List;
import org.keras2dl4j.UnsupportedFeatureException;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/** Keras {@code UpSampling2D}: rows and columns repeated {@code size} times (nearest neighbour only). */
final class UpSampling2DType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        Spatial.requireRank(layer, input, 4);
        String interpolation = layer.string("interpolation", "nearest");
        if (!"nearest".equals(interpolation)) {
            // DL4J's Upsampling2D repeats values; it would silently compute something else.
            throw new UnsupportedFeatureException(layer.where() + ": interpolation '" + interpolation
                    + "' is not supported (DL4J upsamples by nearest neighbour only)");
        }
        boolean last = Spatial.channelsLast(layer);
        long[] size = layer.optionalTuple("size", 2).orElse(new long[] {2, 2});
        int first = last ? 1 : 2;
        long[] out = new long[2];
        for (int i = 0; i < 2; i++) {
            Long in = input.dim(first + i);
            out[i] = in == null ? -1 : in * size[i];
        }
        return Spatial.replaceSpatial(input, last, out, -1);
    }
}
