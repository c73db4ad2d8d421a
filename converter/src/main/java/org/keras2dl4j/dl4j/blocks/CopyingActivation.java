package org.keras2dl4j.dl4j.blocks;

import java.util.Map;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * An activation function applied to a copy of its input. DL4J 1.0.0-M2.1's {@code ActivationLayer}
 * applies its function in place at inference, whatever else reads the array: on a network input it
 * overwrites the caller's array, and a second layer reading the same activations sees the first
 * one's result. keras2dl4j uses this block where that would happen.
 */
public final class CopyingActivation extends OpLayer {
    private static final long serialVersionUID = 1L;

    @JsonProperty
    private IActivation activation;

    CopyingActivation() {
    }

    public CopyingActivation(IActivation activation) {
        this.activation = activation;
    }

    public IActivation activation() {
        return activation;
    }

    @Override
    public INDArray forward(INDArray input, Map<String, INDArray> params) {
        return activation.getActivation(input.dup(), false);
    }

    @Override
    public InputType outputType(InputType input) {
        return input;
    }

    @Override
    public String toString() {
        return "CopyingActivation(" + activation + ")";
    }
}
