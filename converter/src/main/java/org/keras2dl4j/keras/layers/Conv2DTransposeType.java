package org.keras2dl4j.keras.layers;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.dl4j.ParamSource;
import org.keras2dl4j.dl4j.Tensor;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code Conv2DTranspose}: kernel {@code (kh, kw, filters, in)}, bias {@code (filters,)};
 * output length {@code in * stride} with {@code same} padding, {@code in * stride + max(k - stride, 0)}
 * with {@code valid} (keras/src/utils/conv_utils.py, deconv_output_length). DL4J's
 * {@code Deconvolution2D}, its kernel {@code (in, filters, kh, kw)}. {@code output_padding} and
 * dilation are refused.
 */
final class Conv2DTransposeType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        Spatial.requireRank(layer, input, 4);
        boolean last = Spatial.channelsLast(layer);
        long[] kernel = layer.tuple("kernel_size", 2);
        long[] strides = layer.optionalTuple("strides", 2).orElse(new long[] {1, 1});
        String padding = layer.string("padding", "valid");
        int first = last ? 1 : 2;
        long[] out = new long[2];
        for (int i = 0; i < 2; i++) {
            Long in = input.dim(first + i);
            out[i] = in == null ? -1 : padding.equals("same") ? in * strides[i]
                    : in * strides[i] + Math.max(kernel[i] - strides[i], 0);
        }
        return Spatial.replaceSpatial(input, last, out, layer.positiveLong("filters"));
    }

    @Override
    public List<WeightSpec> weights(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        long in = Spatial.channels(layer, input, Spatial.channelsLast(layer));
        long filters = layer.positiveLong("filters");
        long[] kernel = layer.tuple("kernel_size", 2);
        boolean trainable = layer.layer().trainable();
        List<WeightSpec> weights = new ArrayList<>();
        weights.add(new WeightSpec("kernel", Shape.of(kernel[0], kernel[1], filters, in), trainable));
        if (layer.bool("use_bias", true)) {
            weights.add(new WeightSpec("bias", Shape.of(filters), trainable));
        }
        return weights;
    }

    @Override
    public void build(LayerBuild build) {
        LayerConfig c = build.config();
        if (c.has("output_padding")) {
            throw build.unsupported("output_padding " + c.node("output_padding") + " is not supported");
        }
        long[] dilation = c.optionalTuple("dilation_rate", 2).orElse(new long[] {1, 1});
        if (dilation[0] != 1 || dilation[1] != 1) {
            throw build.unsupported("dilation_rate " + c.node("dilation_rate") + " is not supported");
        }
        boolean bias = build.hasWeight("bias");
        Tensor out = build.layer(new Deconvolution2D.Builder(Spatial.ints(c.tuple("kernel_size", 2)))
                .stride(Spatial.ints(c.optionalTuple("strides", 2).orElse(new long[] {1, 1})))
                .convolutionMode(Spatial.convolutionMode(c)).dataFormat(Spatial.format(c))
                .nOut(c.positiveLong("filters")).hasBias(bias).activation(build.activation("activation", 4)).build(),
                build.asImage(build.input(), Spatial.format(c)));
        // Keras (kh, kw, out, in) -> DL4J (in, out, kh, kw)
        build.bind(out, "W", ParamSource.weight("kernel", k -> k.permute(3, 2, 0, 1)));
        if (bias) {
            build.bind(out, "b", ParamSource.weight("bias"));
        }
    }
}
