package org.keras2dl4j.keras.layers;

import java.util.List;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.keras2dl4j.dl4j.Activations;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.dl4j.Tensor;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU6;
import org.nd4j.linalg.activations.impl.ActivationThresholdedReLU;

/**
 * Activation layers: {@code Activation} (by name, {@link Activations}), {@code ReLU}
 * ({@code max_value}, {@code negative_slope}, {@code threshold}), {@code LeakyReLU} ({@code alpha}
 * in Keras 2, {@code negative_slope} in Keras 3, 0.3 by default), {@code ELU} ({@code alpha}),
 * {@code Softmax} (over the last axis) and {@code ThresholdedReLU} ({@code theta}). A DL4J
 * {@code ActivationLayer}; a linear activation adds nothing.
 */
final class ActivationType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        return Layers.single(layer, inputs);
    }

    @Override
    public void build(LayerBuild build) {
        Tensor input = build.input();
        LayerConfig c = build.config();
        IActivation activation = switch (c.layer().className()) {
            case "Activation" -> {
                String name = c.string("activation", "linear");
                yield Activations.isLinear(name) ? null : build.activation("activation", input.rank());
            }
            case "ReLU" -> relu(build);
            case "LeakyReLU" -> new ActivationLReLU(c.has("negative_slope") ? c.number("negative_slope", 0.3)
                    : c.number("alpha", 0.3));
            case "ELU" -> new ActivationELU(c.number("alpha", 1.0));
            case "ThresholdedReLU" -> new ActivationThresholdedReLU(c.number("theta", 1.0));
            case "Softmax" -> {
                long axis = c.axis("axis", -1);
                if (axis != -1 && axis != input.rank() - 1) {
                    throw build.unsupported("axis " + axis + ": softmax over another axis than the last is not supported");
                }
                yield Activations.named(c, "axis", "softmax", input.rank());
            }
            default -> throw new IllegalStateException(c.layer().className());
        };
        if (activation == null) {
            build.identity();
        } else {
            build.layer(new ActivationLayer.Builder().activation(activation).build(), input);
        }
    }

    /** Keras's ReLU(max_value, negative_slope, threshold): keras/src/activations/activations.py, relu. */
    private static IActivation relu(LayerBuild build) {
        LayerConfig c = build.config();
        Double max = c.has("max_value") ? c.number("max_value", 0) : null;
        double slope = c.number("negative_slope", 0.0);
        double threshold = c.number("threshold", 0.0);
        if (slope == 0 && threshold == 0) {
            if (max == null) {
                return new ActivationReLU();
            }
            if (max == 6.0) {
                return new ActivationReLU6();
            }
        }
        return new ActivationReLU(max, threshold, slope);
    }
}
