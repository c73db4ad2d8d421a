package org.keras2dl4j.keras.layers;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.ZeroPaddingLayer;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.dl4j.ParamSource;
import org.keras2dl4j.dl4j.Tensor;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code Conv1D} (and Keras 1's {@code Convolution1D}) on {@code (None, steps, channels)}: kernel
 * {@code (k, in, filters)}, bias {@code (filters,)}. In DL4J a {@code ConvolutionLayer} with a (k, 1)
 * window over the sequence as an image of width 1; {@code causal} padding is k - 1 (times the
 * dilation) zero steps in front.
 */
final class Conv1DType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape input = Sequences.input(layer, inputs);
        long kernel = layer.tuple("kernel_size", 1)[0];
        long stride = layer.optionalTuple("strides", 1).orElse(new long[] {1})[0];
        long dilation = layer.optionalTuple("dilation_rate", 1).orElse(new long[] {1})[0];
        long steps = Spatial.outputLength(layer, input.dim(1), kernel, stride, dilation, layer.string("padding", "valid"));
        return Sequences.of(steps, layer.positiveLong("filters"));
    }

    @Override
    public List<WeightSpec> weights(LayerConfig layer, List<Shape> inputs) {
        long in = Sequences.features(layer, Sequences.input(layer, inputs));
        long filters = layer.positiveLong("filters");
        boolean trainable = layer.layer().trainable();
        List<WeightSpec> weights = new ArrayList<>();
        weights.add(new WeightSpec("kernel", Shape.of(layer.tuple("kernel_size", 1)[0], in, filters), trainable));
        if (layer.bool("use_bias", true)) {
            weights.add(new WeightSpec("bias", Shape.of(filters), trainable));
        }
        return weights;
    }

    @Override
    public void build(LayerBuild build) {
        LayerConfig c = build.config();
        int kernel = Math.toIntExact(c.tuple("kernel_size", 1)[0]);
        int stride = Math.toIntExact(c.optionalTuple("strides", 1).orElse(new long[] {1})[0]);
        int dilation = Math.toIntExact(c.optionalTuple("dilation_rate", 1).orElse(new long[] {1})[0]);
        String padding = c.string("padding", "valid");
        Tensor image = Sequences.asImage(build, build.input());
        ConvolutionMode mode;
        if (padding.equals("causal")) {
            image = build.layer("causal_padding", new ZeroPaddingLayer.Builder((kernel - 1) * dilation, 0, 0, 0)
                    .dataFormat(CNN2DFormat.NHWC).build(), image);
            mode = ConvolutionMode.Truncate;
        } else {
            mode = Spatial.convolutionMode(c);
        }
        boolean bias = build.hasWeight("bias");
        Tensor out = build.layer("conv", new ConvolutionLayer.Builder(kernel, 1).stride(stride, 1).dilation(dilation, 1)
                .convolutionMode(mode).dataFormat(CNN2DFormat.NHWC).nOut(c.positiveLong("filters")).hasBias(bias)
                .activation(build.activation("activation", 3)).build(), image);
        // Keras (k, in, out) -> DL4J (out, in, k, 1)
        build.bind(out, "W", ParamSource.weight("kernel",
                k -> k.permute(2, 1, 0).dup('c').reshape('c', k.size(2), k.size(1), k.size(0), 1)));
        if (bias) {
            build.bind(out, "b", ParamSource.weight("bias"));
        }
        Sequences.toSequence(build, out);
    }
}
