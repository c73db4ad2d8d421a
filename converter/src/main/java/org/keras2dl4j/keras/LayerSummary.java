package org.keras2dl4j.keras;


/**
 * One row of a Keras-style summary: layer name, Keras class, output shape (batch first, the Keras
 * way) and parameter counts in scalars, with the non-trainable part counted as Keras counts it.
 */
public record LayerSummary(String name, String className, Shape outputShape, long params, long nonTrainableParams) {

    public long trainableParams() {
        return params - nonTrainableParams;
    }
}
