package org.keras2dl4j.keras.layers;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.dl4j.ParamSource;
import org.keras2dl4j.dl4j.Tensor;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code DepthwiseConv2D}: depthwise_kernel {@code (kh, kw, in, depth_multiplier)}, bias
 * {@code (in * depth_multiplier,)}; and {@code SeparableConv2D}, which adds pointwise_kernel
 * {@code (1, 1, in * depth_multiplier, filters)} and has bias {@code (filters,)}
 * (keras/layers/convolutional.py, Keras 2). Keras 3's legacy {@code .h5} names a DepthwiseConv2D's
 * kernel {@code kernel}. DL4J's {@code DepthwiseConvolution2D} keeps Keras's kernel layout;
 * {@code SeparableConvolution2D} takes {@code (m, in, kh, kw)} and {@code (out, in * m, 1, 1)}.
 */
final class DepthwiseConv2DType implements LayerType {
    private final boolean separable;

    DepthwiseConv2DType(boolean separable) {
        this.separable = separable;
    }

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        Spatial.requireRank(layer, input, 4);
        return Spatial.convolution2D(layer, input, outChannels(layer, input, Spatial.channelsLast(layer)));
    }

    private long outChannels(LayerConfig layer, Shape input, boolean last) {
        return separable ? layer.positiveLong("filters")
                : Spatial.channels(layer, input, last) * multiplier(layer);
    }

    private static long multiplier(LayerConfig layer) {
        return layer.has("depth_multiplier") ? layer.positiveLong("depth_multiplier") : 1;
    }

    @Override
    public List<WeightSpec> weights(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        boolean last = Spatial.channelsLast(layer);
        long in = Spatial.channels(layer, input, last);
        long[] kernel = layer.tuple("kernel_size", 2);
        long multiplier = multiplier(layer);
        boolean trainable = layer.layer().trainable();
        List<WeightSpec> weights = new ArrayList<>();
        weights.add(new WeightSpec("depthwise_kernel", Shape.of(kernel[0], kernel[1], in, multiplier), trainable,
                separable ? List.of() : List.of("kernel")));
        if (separable) {
            weights.add(new WeightSpec("pointwise_kernel", Shape.of(1, 1, in * multiplier,
                    layer.positiveLong("filters")), trainable));
        }
        if (layer.bool("use_bias", true)) {
            weights.add(new WeightSpec("bias", Shape.of(outChannels(layer, input, last)), trainable));
        }
        return weights;
    }

    @Override
    public void build(LayerBuild build) {
        LayerConfig c = build.config();
        Tensor input = build.asImage(build.input(), Spatial.format(c));
        int[] kernel = Spatial.ints(c.tuple("kernel_size", 2));
        int[] strides = Spatial.ints(c.optionalTuple("strides", 2).orElse(new long[] {1, 1}));
        int[] dilation = Spatial.ints(c.optionalTuple("dilation_rate", 2).orElse(new long[] {1, 1}));
        int multiplier = Math.toIntExact(multiplier(c));
        boolean bias = build.hasWeight("bias");
        Tensor out;
        if (separable) {
            out = build.layer(new SeparableConvolution2D.Builder(kernel).stride(strides).dilation(dilation)
                    .convolutionMode(Spatial.convolutionMode(c)).dataFormat(Spatial.format(c))
                    .depthMultiplier(multiplier).nOut(c.positiveLong("filters")).hasBias(bias)
                    .activation(build.activation("activation", 4)).build(), input);
            build.bind(out, "W", ParamSource.weight("depthwise_kernel", k -> k.permute(3, 2, 0, 1)));
            build.bind(out, "pW", ParamSource.weight("pointwise_kernel", k -> k.permute(3, 2, 0, 1)));
        } else {
            long in = build.weightShape("depthwise_kernel").dim(2);
            out = build.layer(new DepthwiseConvolution2D.Builder(kernel).stride(strides).dilation(dilation)
                    .convolutionMode(Spatial.convolutionMode(c)).dataFormat(Spatial.format(c))
                    .depthMultiplier(multiplier).nOut(in * multiplier).hasBias(bias)
                    .activation(build.activation("activation", 4)).build(), input);
            build.bind(out, "W", ParamSource.weight("depthwise_kernel"));
        }
        if (bias) {
            build.bind(out, "b", ParamSource.weight("bias"));
        }
    }
}
