package org.keras2dl4j.keras.layers;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.dl4j.ParamSource;
import org.keras2dl4j.dl4j.Tensor;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code Conv2D} (and Keras 1's {@code Convolution2D}): kernel {@code (kh, kw, in / groups, filters)},
 * bias {@code (filters,)}. A DL4J {@code ConvolutionLayer} in the layer's layout, its kernel
 * {@code (filters, in, kh, kw)}; with {@code groups} equal to the input channels (ConvNeXt's
 * depthwise convolution) a {@code DepthwiseConvolution2D}; with other group counts one
 * {@code ConvolutionLayer} per group on its slice of the channels, joined by a {@code MergeVertex}.
 */
final class Conv2DType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        return Spatial.convolution2D(layer, input, layer.positiveLong("filters"));
    }

    @Override
    public List<WeightSpec> weights(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        boolean last = Spatial.channelsLast(layer);
        long in = Spatial.channels(layer, input, last);
        long filters = layer.positiveLong("filters");
        long groups = groups(layer);
        if (in % groups != 0 || filters % groups != 0) {
            throw layer.invalid("groups", "a divisor of the " + in + " input channels and the " + filters + " filters",
                    Long.toString(groups));
        }
        long[] kernel = layer.tuple("kernel_size", 2);
        boolean trainable = layer.layer().trainable();
        List<WeightSpec> weights = new ArrayList<>();
        weights.add(new WeightSpec("kernel", Shape.of(kernel[0], kernel[1], in / groups, filters), trainable));
        if (layer.bool("use_bias", true)) {
            weights.add(new WeightSpec("bias", Shape.of(filters), trainable));
        }
        return weights;
    }

    private static long groups(LayerConfig layer) {
        return layer.has("groups") ? layer.positiveLong("groups") : 1;
    }

    @Override
    public void build(LayerBuild build) {
        LayerConfig c = build.config();
        Tensor input = build.asImage(build.input(), Spatial.format(c));
        long in = build.weightShape("kernel").dim(2) * groups(c);
        long filters = c.positiveLong("filters");
        long groups = groups(c);
        int[] kernel = Spatial.ints(c.tuple("kernel_size", 2));
        int[] strides = Spatial.ints(c.optionalTuple("strides", 2).orElse(new long[] {1, 1}));
        int[] dilation = Spatial.ints(c.optionalTuple("dilation_rate", 2).orElse(new long[] {1, 1}));
        boolean bias = build.hasWeight("bias");
        Tensor out;
        if (groups == 1) {
            out = build.layer(new ConvolutionLayer.Builder(kernel).stride(strides).dilation(dilation)
                    .convolutionMode(Spatial.convolutionMode(c)).dataFormat(Spatial.format(c))
                    .nOut(filters).hasBias(bias).activation(build.activation("activation", 4)).build(), input);
            // Keras (kh, kw, in, out) -> DL4J (out, in, kh, kw)
            build.bind(out, "W", ParamSource.weight("kernel", k -> k.permute(3, 2, 0, 1)));
        } else if (groups == in) {
            long multiplier = filters / groups;
            out = build.layer(new DepthwiseConvolution2D.Builder(kernel).stride(strides).dilation(dilation)
                    .convolutionMode(Spatial.convolutionMode(c)).dataFormat(Spatial.format(c))
                    .depthMultiplier(Math.toIntExact(multiplier)).nOut(filters).hasBias(bias)
                    .activation(build.activation("activation", 4)).build(), input);
            // Group g's filters g*m..g*m+m-1 read channel g: (kh, kw, 1, in * m) is (kh, kw, in, m).
            build.bind(out, "W", ParamSource.weight("kernel",
                    k -> k.reshape('c', k.size(0), k.size(1), in, multiplier)));
        } else {
            grouped(build, input, in, filters, groups, kernel, strides, dilation, bias);
            return;
        }
        if (bias) {
            build.bind(out, "b", ParamSource.weight("bias"));
        }
    }

    /**
     * {@code groups} convolutions, group g reading input channels {@code [g * in/groups, (g + 1) * in/groups)}
     * and computing filters {@code [g * filters/groups, ...)} (keras/src/ops/nn.py, conv with groups),
     * joined along the channels.
     */
    private static void grouped(LayerBuild build, Tensor input, long in, long filters, long groups, int[] kernel,
            int[] strides, int[] dilation, boolean bias) {
        LayerConfig c = build.config();
        boolean last = Spatial.channelsLast(c);
        long inPerGroup = in / groups;
        long outPerGroup = filters / groups;
        Tensor[] parts = new Tensor[Math.toIntExact(groups)];
        for (int g = 0; g < groups; g++) {
            long first = g * outPerGroup;
            Tensor slice = build.layer("group_" + g + "/input", new org.keras2dl4j.dl4j.blocks.ChannelSlice(
                    g * inPerGroup, (g + 1) * inPerGroup, last), input);
            parts[g] = build.layer("group_" + g, new ConvolutionLayer.Builder(kernel).stride(strides).dilation(dilation)
                    .convolutionMode(Spatial.convolutionMode(c)).dataFormat(Spatial.format(c))
                    .nOut(outPerGroup).hasBias(bias).activation(build.activation("activation", 4)).build(), slice);
            build.bind(parts[g], "W", ParamSource.weight("kernel", k -> k.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(first, first + outPerGroup)).permute(3, 2, 0, 1)));
            if (bias) {
                build.bind(parts[g], "b", ParamSource.weight("bias",
                        b -> b.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(first, first + outPerGroup))));
            }
        }
        org.deeplearning4j.nn.conf.graph.MergeVertex merge = new org.deeplearning4j.nn.conf.graph.MergeVertex();
        merge.setMergeAxis(last ? 3 : 1);
        build.vertex(null, merge, parts);
    }
}
