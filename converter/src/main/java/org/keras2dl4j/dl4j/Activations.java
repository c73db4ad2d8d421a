package org.keras2dl4j.dl4j;

import com.fasterxml.jackson.databind.JsonNode;
import org.keras2dl4j.UnsupportedFeatureException;
import org.keras2dl4j.dl4j.blocks.KerasActivation;
import org.keras2dl4j.keras.LayerConfig;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationELU;
import org.nd4j.linalg.activations.impl.ActivationHardSigmoid;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationMish;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU6;
import org.nd4j.linalg.activations.impl.ActivationSELU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.activations.impl.ActivationSoftSign;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.activations.impl.ActivationSwish;
import org.nd4j.linalg.activations.impl.ActivationTanH;

/**
 * Keras activation names, by the Keras version that wrote the model, as DL4J activation functions.
 * The one place that knows what each name computes: {@code hard_sigmoid} is {@code 0.2x + 0.5}
 * clipped in Keras 1 and 2 (tf_keras/src/activations.py) and {@code relu6(x + 3) / 6} in Keras 3
 * (keras/src/activations/activations.py); {@code swish} is saved as {@code silu} by Keras 3;
 * {@code gelu} is exact (erf) unless {@code approximate}.
 */
public final class Activations {
    private Activations() {
    }

    /** Whether {@code name} is the identity. */
    public static boolean isLinear(String name) {
        return name == null || name.equals("linear");
    }

    /**
     * The activation of {@code layer}'s {@code field} (a name, or Keras 3's serialised function),
     * computed over activations of the given rank (softmax runs over the last axis).
     */
    public static IActivation of(LayerConfig layer, String field, int rank) {
        return of(layer, field, "linear", rank);
    }

    /** Like {@link #of(LayerConfig, String, int)}, with {@code defaultName} when the config has no such field. */
    public static IActivation of(LayerConfig layer, String field, String defaultName, int rank) {
        JsonNode node = layer.node(field);
        String name;
        if (node == null || node.isNull()) {
            name = defaultName;
        } else if (node.isTextual()) {
            name = node.asText();
        } else if (node.isObject() && node.path("config").isTextual()) {
            // Keras 3 may serialise a built-in activation as {"module": "keras.activations", "config": "relu", ...}
            name = node.path("config").asText();
        } else {
            throw new UnsupportedFeatureException(layer.where() + ": " + field + " " + abbreviate(node)
                    + " is not a built-in Keras activation");
        }
        return named(layer, field, name, rank);
    }

    /** The activation called {@code name} in the Keras version that wrote {@code layer}. */
    public static IActivation named(LayerConfig layer, String field, String name, int rank) {
        int major = layer.kerasMajor();
        return switch (name) {
            case "linear" -> new ActivationIdentity();
            case "relu" -> new ActivationReLU();
            case "relu6" -> new ActivationReLU6();
            case "sigmoid" -> new ActivationSigmoid();
            case "tanh" -> new ActivationTanH();
            case "softmax" -> rank == 2 ? new ActivationSoftmax() : new KerasActivation(KerasActivation.Function.SOFTMAX);
            case "log_softmax" -> new KerasActivation(KerasActivation.Function.LOG_SOFTMAX);
            case "softplus" -> new ActivationSoftPlus();
            case "softsign" -> new ActivationSoftSign();
            case "elu" -> new ActivationELU(1.0);
            case "selu" -> new ActivationSELU();
            case "exponential" -> new KerasActivation(KerasActivation.Function.EXPONENTIAL);
            case "swish", "silu" -> new ActivationSwish();
            case "gelu" -> new KerasActivation(KerasActivation.Function.GELU);
            case "mish" -> new ActivationMish();
            case "hard_sigmoid" -> major >= 3 ? new KerasActivation(KerasActivation.Function.HARD_SIGMOID)
                    : new ActivationHardSigmoid();
            case "hard_silu", "hard_swish" -> new KerasActivation(KerasActivation.Function.HARD_SWISH);
            case "leaky_relu" -> new ActivationLReLU(0.2); // keras/src/activations: negative_slope=0.2
            default -> throw new UnsupportedFeatureException(layer.where() + ": " + field + " '" + name
                    + "' is not an activation keras2dl4j converts (supported: linear, relu, relu6, sigmoid, tanh, "
                    + "softmax, log_softmax, softplus, softsign, elu, selu, exponential, swish/silu, gelu, mish, "
                    + "hard_sigmoid, hard_silu/hard_swish, leaky_relu)");
        };
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}
