package org.keras2dl4j.validator.summary;

import java.util.List;
import java.util.Objects;

import org.keras2dl4j.keras.Shape;

/**
 * One layer as a Keras summary lists it: the layer's name and class, its output shapes, its
 * parameter count and, for functional models, the inbound layers in Keras's own notation
 * ({@code conv2d_1[0][0]}). Keras up to 2.5 cuts the {@code name (Class)} cell at the column width
 * ({@code batch_normalization_1 (Batch}), and Keras 3 ends a cut word with {@code …}; then
 * {@link #classNameCut()} is true and {@link #className()} holds only the printed prefix (empty when
 * the class was cut off entirely). {@link #outputShapes()} is empty when Keras printed
 * {@code multiple} or {@code ?}, or when the printed shape was cut short: the shape is unknown.
 *
 * @param lineNumber   1-based line of the summary text where the row starts
 * @param name         the layer name as printed
 * @param className    the layer class as printed, or its printed prefix when cut
 * @param classNameCut whether the class name was cut, so matching must use it as a prefix
 * @param outputShapes one shape per output, batch dimension included; empty when unknown
 * @param params       the row's {@code Param #}
 * @param connectedTo  inbound layers as printed, empty for inputs and for sequential layouts
 */
public record SummaryRow(int lineNumber, String name, String className, boolean classNameCut,
                         List<Shape> outputShapes, long params, List<String> connectedTo) {

    public SummaryRow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(className, "className");
        outputShapes = List.copyOf(outputShapes);
        connectedTo = List.copyOf(connectedTo);
    }
}
