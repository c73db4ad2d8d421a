package org.keras2dl4j.dl4j;

import java.util.List;
import org.keras2dl4j.keras.LayerSummary;
import org.keras2dl4j.keras.Shape;

/**
 * What the converted network remembers of one Keras layer: a row of the Keras summary (name, class,
 * output shape, or null where Keras prints "multiple", and parameter counts as Keras counts them),
 * as the conversion computed and checked it, and the nested model it belongs to, if any.
 */
public record LayerInfo(String name, String className, List<Long> outputShape, long params, long nonTrainableParams,
        String nestedIn) {

    static LayerInfo of(LayerSummary row) {
        return new LayerInfo(row.name(), row.className(), row.outputShape() == null ? null
                : new java.util.ArrayList<>(row.outputShape().dims()), row.params(), row.nonTrainableParams(),
                row.nestedIn());
    }

    LayerSummary summary() {
        return new LayerSummary(name, className, outputShape == null ? null : new Shape(outputShape), params,
                nonTrainableParams, nestedIn);
    }
}
