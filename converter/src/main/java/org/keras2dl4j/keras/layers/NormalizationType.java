package org.keras2dl4j.keras.layers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.dl4j.ParamSource;
import org.keras2dl4j.dl4j.Tensor;
import org.keras2dl4j.dl4j.blocks.ChannelAffine;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras {@code Normalization} along the last axis: {@code (x - mean) / max(sqrt(variance), 1e-7)}
 * (with {@code invert}, Keras 3: {@code mean + x * max(sqrt(variance), 1e-7)};
 * keras/src/layers/preprocessing/normalization.py), where mean and variance are given in the config
 * (no weights) or adapted: non-trainable weights mean and variance of the axis's size and a scalar
 * count, which the computation does not use. A fixed per-channel affine map ({@link ChannelAffine})
 * whose scale and offset are computed from mean and variance when the weights are bound.
 */
final class NormalizationType implements LayerType {
    /** keras.backend.epsilon(). */
    private static final double EPSILON = 1e-7;

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Shape input = Layers.single(layer, inputs);
        channels(layer, input);
        return input;
    }

    private static long channels(LayerConfig layer, Shape input) {
        int[] axes = layer.axes("axis", -1);
        int a = axes.length == 1 ? axes[0] : Integer.MIN_VALUE;
        int index = a < 0 ? input.rank() + a : a;
        if (index != input.rank() - 1 || input.dim(index) == null) {
            throw new org.keras2dl4j.UnsupportedFeatureException(layer.where() + ": axis "
                    + java.util.Arrays.toString(axes) + " of input " + input
                    + " is not supported (normalising along the last axis is)");
        }
        return input.dim(index);
    }

    @Override
    public List<WeightSpec> weights(LayerConfig layer, List<Shape> inputs) {
        if (layer.has("mean")) {
            return List.of();
        }
        long channels = channels(layer, Layers.single(layer, inputs));
        List<WeightSpec> weights = new ArrayList<>();
        weights.add(new WeightSpec("mean", Shape.of(channels), false));
        weights.add(new WeightSpec("variance", Shape.of(channels), false));
        weights.add(new WeightSpec("count", Shape.of(), false));
        return weights;
    }

    @Override
    public void build(LayerBuild build) {
        LayerConfig c = build.config();
        Tensor input = build.input();
        long channels = channels(c, input.shape());
        boolean invert = c.bool("invert", false);
        if (c.has("mean")) {
            double[] mean = ChannelAffine.expand(values(c, "mean"), channels, build.where());
            double[] variance = ChannelAffine.expand(values(c, "variance"), channels, build.where());
            double[] scale = new double[mean.length];
            double[] offset = new double[mean.length];
            for (int i = 0; i < mean.length; i++) {
                double sd = Math.max(Math.sqrt(variance[i]), EPSILON);
                scale[i] = invert ? sd : 1 / sd;
                offset[i] = invert ? mean[i] : -mean[i] / sd;
            }
            build.layer(ChannelAffine.constant(scale, offset), input);
            return;
        }
        Tensor out = build.layer(new ChannelAffine(channels, null, null), input);
        build.uses("mean", "variance", "count");
        build.bind(out, "scale", ParamSource.weights(w -> {
            INDArray sd = standardDeviation(w.get("variance"));
            return invert ? sd : Transforms.pow(sd, -1, false);
        }));
        build.bind(out, "offset", ParamSource.weights(w -> {
            INDArray sd = standardDeviation(w.get("variance"));
            return invert ? w.get("mean").dup() : w.get("mean").neg().divi(sd);
        }));
    }

    private static INDArray standardDeviation(INDArray variance) {
        return Transforms.max(Transforms.sqrt(variance, true), EPSILON, false);
    }

    private static double[] values(LayerConfig c, String field) {
        JsonNode node = c.node(field);
        if (node == null || node.isNull()) {
            throw c.missing(field);
        }
        if (node.isNumber()) {
            return new double[] {node.asDouble()};
        }
        if (!node.isArray()) {
            throw c.invalid(field, "a number or a list of numbers", node.toString());
        }
        double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = node.get(i).asDouble();
        }
        return out;
    }
}
