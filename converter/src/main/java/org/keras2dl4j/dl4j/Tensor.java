package org.keras2dl4j.dl4j;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.keras2dl4j.keras.Shape;

/**
 * An activation of the DL4J graph being built: the vertex (or network input) that computes it and
 * DL4J's type for it. Activations keep Keras's layout, so the type always describes an array of
 * the Keras shape {@link #shape()}: {@code (None, 56, 56, 96)} is a channels-last image,
 * {@code (None, 10, 6)} a sequence of 10 steps, {@code (None, 6)} a batch of vectors.
 */
public record Tensor(String vertex, InputType type) {

    /** The Keras shape of the activation, batch first. */
    public Shape shape() {
        return InputTypes.toKerasShape(type);
    }

    public int rank() {
        return shape().rank();
    }
}
