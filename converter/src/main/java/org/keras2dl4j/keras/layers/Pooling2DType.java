package org.keras2dl4j.keras.layers;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code MaxPooling2D} and {@code AveragePooling2D}; strides default to the pool size. A DL4J
 * {@code SubsamplingLayer}; average pooling with {@code same} padding divides by the values inside
 * the image only, as TensorFlow does.
 */
final class Pooling2DType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        Spatial.requireRank(layer, input, 4);
        boolean last = Spatial.channelsLast(layer);
        long[] pool = layer.optionalTuple("pool_size", 2).orElse(new long[] {2, 2});
        long[] strides = layer.optionalTuple("strides", 2).orElse(pool);
        String padding = layer.string("padding", "valid");
        int first = last ? 1 : 2;
        long[] out = new long[2];
        for (int i = 0; i < 2; i++) {
            out[i] = Spatial.outputLength(layer, input.dim(first + i), pool[i], strides[i], 1, padding);
        }
        return Spatial.replaceSpatial(input, last, out, -1);
    }

    @Override
    public void build(LayerBuild build) {
        LayerConfig c = build.config();
        long[] pool = c.optionalTuple("pool_size", 2).orElse(new long[] {2, 2});
        long[] strides = c.optionalTuple("strides", 2).orElse(pool);
        boolean max = c.layer().className().startsWith("Max");
        build.layer(new SubsamplingLayer.Builder(max ? PoolingType.MAX : PoolingType.AVG)
                .kernelSize(Spatial.ints(pool)).stride(Spatial.ints(strides))
                .convolutionMode(Spatial.convolutionMode(c)).dataFormat(Spatial.format(c))
                .avgPoolIncludePadInDivisor(false).build(), build.asImage(build.input(), Spatial.format(c)));
    }
}
