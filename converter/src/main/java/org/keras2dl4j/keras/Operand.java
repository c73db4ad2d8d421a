package org.keras2dl4j.keras;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One argument of a layer call as the model config records it: a tensor (the output of another
 * layer call, by its name in the flattened model) or a constant, as in {@code x + 3.0} (a Keras 2
 * {@code TFOpLambda} with {@code y: 3.0}, a Keras 3 {@code keras.src.ops.numpy.Add} with args
 * {@code [x, 3.0]}).
 */
public record Operand(String tensor, JsonNode constant) {

    public static Operand tensor(String name) {
        return new Operand(name, null);
    }

    public static Operand constant(JsonNode value) {
        return new Operand(null, value);
    }

    public boolean isTensor() {
        return tensor != null;
    }

    @Override
    public String toString() {
        return isTensor() ? tensor : String.valueOf(constant);
    }
}
