package org.keras2dl4j.keras.layers;

import java.util.ArrayList;
import java.util.List;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code DepthwiseConv2D}: depthwise_kernel {@code (kh, kw, in, depth_multiplier)}, bias
 * {@code (in * depth_multiplier,)}; and {@code SeparableConv2D}, which adds pointwise_kernel
 * {@code (1, 1, in * depth_multiplier, filters)} and has bias {@code (filters,)}
 * (keras/layers/convolutional.py, Keras 2).
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
        weights.add(new WeightSpec("depthwise_kernel", Shape.of(kernel[0], kernel[1], in, multiplier), trainable));
        if (separable) {
            weights.add(new WeightSpec("pointwise_kernel", Shape.of(1, 1, in * multiplier,
                    layer.positiveLong("filters")), trainable));
        }
        if (layer.bool("use_bias", true)) {
            weights.add(new WeightSpec("bias", Shape.of(outChannels(layer, input, last)), trainable));
        }
        return weights;
    }
}
