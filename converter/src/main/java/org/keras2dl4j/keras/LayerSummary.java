package org.keras2dl4j.keras;

/**
 * One row of a Keras-style summary: layer name, Keras class, output shape (batch first, the Keras
 * way; null where Keras prints "multiple") and parameter counts in scalars, with the non-trainable
 * part counted as Keras counts it. {@code nestedIn} names the nested model (a layer of the outer
 * model, such as a Sequential block) the layer belongs to, or is null: Keras's summary shows a nested
 * model as one row, keras2dl4j flattens it into its layers.
 */
public record LayerSummary(String name, String className, Shape outputShape, long params, long nonTrainableParams,
        String nestedIn) {

    public LayerSummary(String name, String className, Shape outputShape, long params, long nonTrainableParams) {
        this(name, className, outputShape, params, nonTrainableParams, null);
    }

    public long trainableParams() {
        return params - nonTrainableParams;
    }
}
