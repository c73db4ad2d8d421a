package org.keras2dl4j.keras.layers;

import java.util.ArrayList;
import java.util.List;
import org.keras2dl4j.UnsupportedFeatureException;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.dl4j.ParamSource;
import org.keras2dl4j.dl4j.Tensor;
import org.keras2dl4j.dl4j.blocks.LayerNorm;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code LayerNormalization}: each example normalised over {@code axis} (-1 by default; a list
 * of trailing axes too), gamma ({@code scale}) and beta ({@code center}) of those axes' shape,
 * {@code epsilon} 1e-3 by default. keras2dl4j's {@link LayerNorm} (DL4J has none); Keras 3's
 * {@code rms_scaling} is refused.
 */
final class LayerNormalizationType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        axes(layer, input);
        return input;
    }

    /** The normalised axes as indexes into the batch-first shape: trailing, in order, known. */
    static int[] axes(LayerConfig layer, Shape input) {
        int[] axes = layer.axes("axis", -1);
        int[] out = new int[axes.length];
        for (int i = 0; i < out.length; i++) {
            int a = axes[i] < 0 ? input.rank() + axes[i] : axes[i];
            if (a <= 0 || a >= input.rank() || input.dim(a) == null) {
                throw layer.invalid("axis", "known non-batch axes of input " + input, java.util.Arrays.toString(axes));
            }
            out[i] = a;
        }
        java.util.Arrays.sort(out);
        for (int i = 0; i < out.length; i++) {
            if (out[i] != input.rank() - out.length + i) {
                throw new UnsupportedFeatureException(layer.where() + ": axis " + java.util.Arrays.toString(axes)
                        + ": normalising other than the last axes is not supported");
            }
        }
        return out;
    }

    private static long[] paramShape(LayerConfig layer, Shape input) {
        int[] axes = axes(layer, input);
        long[] shape = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            shape[i] = input.dim(axes[i]);
        }
        return shape;
    }

    @Override
    public List<WeightSpec> weights(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        Shape shape = Shape.of(paramShape(layer, input));
        boolean trainable = layer.layer().trainable();
        List<WeightSpec> weights = new ArrayList<>();
        if (layer.bool("scale", true)) {
            weights.add(new WeightSpec("gamma", shape, trainable));
        }
        if (layer.bool("center", true)) {
            weights.add(new WeightSpec("beta", shape, trainable));
        }
        return weights;
    }

    @Override
    public void build(LayerBuild build) {
        LayerConfig c = build.config();
        if (c.bool("rms_scaling", false)) {
            throw build.unsupported("rms_scaling=True is not supported");
        }
        Tensor input = build.input();
        Shape shape = input.shape();
        boolean scale = build.hasWeight("gamma");
        boolean center = build.hasWeight("beta");
        Tensor out = build.layer(new LayerNorm(axes(c, shape), paramShape(c, shape), c.number("epsilon", 1e-3), scale,
                center), input);
        if (scale) {
            build.bind(out, "gamma", ParamSource.weight("gamma"));
        }
        if (center) {
            build.bind(out, "beta", ParamSource.weight("beta"));
        }
    }
}
