package org.keras2dl4j.keras.layers;

import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code MaxPooling1D} and {@code AveragePooling1D}; strides default to the pool size. DL4J's
 * {@code SubsamplingLayer} with a (pool, 1) window over the sequence as an image of width 1.
 */
final class Pooling1DType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape input = Sequences.input(layer, inputs);
        long pool = layer.optionalTuple("pool_size", 1).orElse(new long[] {2})[0];
        long stride = layer.optionalTuple("strides", 1).orElse(new long[] {pool})[0];
        long steps = Spatial.outputLength(layer, input.dim(1), pool, stride, 1, layer.string("padding", "valid"));
        return Sequences.of(steps, Sequences.features(layer, input));
    }

    @Override
    public void build(LayerBuild build) {
        LayerConfig c = build.config();
        int pool = Math.toIntExact(c.optionalTuple("pool_size", 1).orElse(new long[] {2})[0]);
        int stride = Math.toIntExact(c.optionalTuple("strides", 1).orElse(new long[] {pool})[0]);
        boolean max = c.layer().className().startsWith("Max");
        Sequences.toSequence(build, build.layer("pool", new SubsamplingLayer.Builder(max ? PoolingType.MAX : PoolingType.AVG)
                .kernelSize(pool, 1).stride(stride, 1).convolutionMode(Spatial.convolutionMode(c))
                .dataFormat(CNN2DFormat.NHWC).avgPoolIncludePadInDivisor(false).build(),
                Sequences.asImage(build, build.input())));
    }
}
