package org.keras2dl4j.keras.layers;

import java.util.ArrayList;
import java.util.List;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Shape arithmetic shared by convolution and pooling layers, following Keras's
 * {@code conv_utils.conv_output_length} (keras/src/utils/... in Keras 3, keras/utils/conv_utils.py in 2).
 */
public final class Spatial {
    private Spatial() {
    }

    /** Whether the layer keeps channels last (Keras's default) rather than first. */
    public static boolean channelsLast(LayerConfig layer) {
        // Keras 1 wrote dim_ordering 'tf' / 'th'; Keras 2 and 3 write data_format.
        String dimOrdering = layer.string("dim_ordering", null);
        if (dimOrdering != null) {
            return !"th".equals(dimOrdering);
        }
        String format = layer.string("data_format", "channels_last");
        if (!format.equals("channels_last") && !format.equals("channels_first")) {
            throw layer.invalid("data_format", "'channels_last' or 'channels_first'", "'" + format + "'");
        }
        return format.equals("channels_last");
    }

    /** DL4J's layout for the layer's images. */
    static org.deeplearning4j.nn.conf.CNN2DFormat format(LayerConfig layer) {
        return channelsLast(layer) ? org.deeplearning4j.nn.conf.CNN2DFormat.NHWC
                : org.deeplearning4j.nn.conf.CNN2DFormat.NCHW;
    }

    /**
     * DL4J's convolution mode for Keras's {@code padding}: {@code same} pads as TensorFlow does (the
     * extra row and column at the bottom and right), {@code valid} drops what does not fit.
     */
    static org.deeplearning4j.nn.conf.ConvolutionMode convolutionMode(LayerConfig layer) {
        String padding = layer.string("padding", "valid");
        return switch (padding) {
            case "same" -> org.deeplearning4j.nn.conf.ConvolutionMode.Same;
            case "valid" -> org.deeplearning4j.nn.conf.ConvolutionMode.Truncate;
            default -> throw new org.keras2dl4j.UnsupportedFeatureException(layer.where() + ": padding '" + padding
                    + "' is not supported here (valid or same)");
        };
    }

    static int[] ints(long[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.toIntExact(values[i]);
        }
        return out;
    }

    static long outputLength(LayerConfig layer, Long input, long window, long stride, long dilation, String padding) {
        if (input == null) {
            return -1;
        }
        long effective = (window - 1) * dilation + 1;
        long out;
        switch (padding) {
            case "same", "causal" -> out = (input + stride - 1) / stride;
            case "valid" -> out = (input - effective) / stride + 1;
            case "full" -> out = (input + effective - 2) / stride + 1;
            default -> throw layer.invalid("padding", "'valid' or 'same'", "'" + padding + "'");
        }
        if (out <= 0 || ("valid".equals(padding) && input < effective)) {
            throw new org.keras2dl4j.InvalidModelException(layer.where() + ": window " + effective
                    + " does not fit an input of length " + input + " with padding '" + padding + "'");
        }
        return out;
    }

    /**
     * The output shape of a 2D convolution ({@code kernel_size}, {@code strides},
     * {@code dilation_rate}, {@code padding}) of a batch-first rank-4 input, with {@code channels}
     * output channels: Conv2D, DepthwiseConv2D, SeparableConv2D.
     */
    static Shape convolution2D(LayerConfig layer, Shape input, long channels) {
        requireRank(layer, input, 4);
        boolean last = channelsLast(layer);
        long[] kernel = layer.tuple("kernel_size", 2);
        long[] strides = layer.optionalTuple("strides", 2).orElse(new long[] {1, 1});
        long[] dilation = layer.optionalTuple("dilation_rate", 2).orElse(new long[] {1, 1});
        String padding = layer.string("padding", "valid");
        int first = last ? 1 : 2;
        long[] out = new long[2];
        for (int i = 0; i < 2; i++) {
            out[i] = outputLength(layer, input.dim(first + i), kernel[i], strides[i], dilation[i], padding);
        }
        return replaceSpatial(input, last, out, channels);
    }

    /**
     * The output shape of a 2D windowed layer: spatial dimensions replaced by {@code spatialOut},
     * channels set to {@code channels} (or kept when negative).
     */
    static Shape replaceSpatial(Shape input, boolean channelsLast, long[] spatialOut, long channels) {
        List<Long> dims = new ArrayList<>(input.dims());
        int first = channelsLast ? 1 : 2;
        for (int i = 0; i < spatialOut.length; i++) {
            dims.set(first + i, spatialOut[i] < 0 ? null : spatialOut[i]);
        }
        if (channels >= 0) {
            dims.set(channelsLast ? dims.size() - 1 : 1, channels);
        }
        return new Shape(dims);
    }

    /** The channel count of a batch-first input, which must be known. */
    static long channels(LayerConfig layer, Shape input, boolean channelsLast) {
        Long c = input.dim(channelsLast ? -1 : 1);
        if (c == null) {
            throw new org.keras2dl4j.InvalidModelException(layer.where()
                    + ": the channel dimension of input " + input + " is unknown");
        }
        return c;
    }

    static void requireRank(LayerConfig layer, Shape input, int rank) {
        if (input.rank() != rank) {
            throw new org.keras2dl4j.InvalidModelException(layer.where() + ": expects inputs of rank " + rank
                    + " (batch first), found " + input);
        }
    }
}
