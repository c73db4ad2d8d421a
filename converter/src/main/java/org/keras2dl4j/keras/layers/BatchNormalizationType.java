package org.keras2dl4j.keras.layers;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.keras2dl4j.dl4j.InputTypes;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.dl4j.ParamSource;
import org.keras2dl4j.dl4j.Tensor;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code BatchNormalization}: gamma (if {@code scale}), beta (if {@code center}), then the
 * non-trainable moving_mean and moving_variance, each of the normalised axis's size; at inference
 * {@code (x - moving_mean) / sqrt(moving_variance + epsilon) * gamma + beta}. DL4J's
 * {@code BatchNormalization} on vectors, on images normalised along their channels (either layout),
 * and on sequences normalised along their features (as images of width 1); its gamma is 1 when
 * Keras has no scale, its beta 0 when Keras has no center.
 */
final class BatchNormalizationType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        return Layers.single(layer, inputs);
    }

    @Override
    public List<WeightSpec> weights(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        long size = input.dim(axis(layer, input));
        boolean trainable = layer.layer().trainable();
        List<WeightSpec> weights = new ArrayList<>();
        if (layer.bool("scale", true)) {
            weights.add(new WeightSpec("gamma", Shape.of(size), trainable));
        }
        if (layer.bool("center", true)) {
            weights.add(new WeightSpec("beta", Shape.of(size), trainable));
        }
        weights.add(new WeightSpec("moving_mean", Shape.of(size), false));
        weights.add(new WeightSpec("moving_variance", Shape.of(size), false));
        return weights;
    }

    /** The normalised axis, as an index into the batch-first shape. */
    private static int axis(LayerConfig layer, Shape input) {
        int axis = layer.axis("axis", -1);
        int index = axis < 0 ? input.rank() + axis : axis;
        if (index <= 0 || index >= input.rank() || input.dim(index) == null) {
            throw layer.invalid("axis", "a known, non-batch axis of input " + input, Integer.toString(axis));
        }
        return index;
    }

    @Override
    public void build(LayerBuild build) {
        Tensor input = build.input();
        Shape shape = input.shape();
        int axis = axis(build.config(), shape);
        BatchNormalization.Builder bn = new BatchNormalization.Builder()
                .eps(build.config().number("epsilon", 1e-3)).useLogStd(false).lockGammaBeta(false);
        Tensor out;
        if (shape.rank() == 2) {
            out = build.layer(bn.build(), input);
        } else if (shape.rank() == 4 && (axis == 3 || axis == 1)) {
            CNN2DFormat format = axis == 3 ? CNN2DFormat.NHWC : CNN2DFormat.NCHW;
            out = build.layer(bn.dataFormat(format).build(), build.asImage(input, format));
        } else if (shape.rank() == 3 && axis == 2) {
            // (None, steps, features) normalised along features: an NHWC image of width 1.
            Shape image = new Shape(List.of(Shape.NONE, shape.dim(1), 1L, shape.dim(2)));
            Tensor asImage = build.reshape("to_image", input, null, image, InputTypes.of(image, CNN2DFormat.NHWC,
                    build.where()));
            out = build.layer("normalise", bn.dataFormat(CNN2DFormat.NHWC).build(), asImage);
        } else {
            throw build.unsupported("normalising axis " + axis + " of " + shape + " is not supported");
        }
        build.bind(out, "gamma", build.hasWeight("gamma") ? ParamSource.weight("gamma") : ParamSource.constant(1));
        build.bind(out, "beta", build.hasWeight("beta") ? ParamSource.weight("beta") : ParamSource.constant(0));
        build.bind(out, "mean", ParamSource.weight("moving_mean"));
        build.bind(out, "var", ParamSource.weight("moving_variance"));
        if (shape.rank() == 3) {
            build.reshape(null, out, null, shape, input.type());
        }
    }
}
