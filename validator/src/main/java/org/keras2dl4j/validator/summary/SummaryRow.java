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
 * the class was cut off entirely). A name Keras 3 cut keeps its {@code …} ({@link #nameCut()}).
 * {@link #outputShapes()} is empty when Keras printed {@code multiple} or {@code ?}, or when the
 * printed shape was cut short: the shape is unknown.
 *
 * <p>A nested model (a Sequential block, a sub-model) is one row of depth 0. When Keras printed it
 * expanded ({@code summary(expand_nested=True)}: Keras 2 frames its layers with {@code |} and
 * {@code ¯}, Keras 3 indents them behind {@code └}), the rows of its layers follow it, with a
 * {@link #depth()} one more than it and {@link #nestedIn()} naming it.
 *
 * @param lineNumber   1-based line of the summary text where the row starts
 * @param name         the layer name as printed
 * @param className    the layer class as printed, or its printed prefix when cut
 * @param classNameCut whether the class name was cut, so matching must use it as a prefix
 * @param outputShapes one shape per output, batch dimension included; empty when unknown
 * @param params       the row's {@code Param #}
 * @param connectedTo  inbound layers as printed, empty for inputs and for sequential layouts
 * @param depth        0 for a row of the model itself, n for a row inside n nested models
 * @param nestedIn     the name of the row of the nested model this row belongs to; null at depth 0
 */
public record SummaryRow(int lineNumber, String name, String className, boolean classNameCut,
                         List<Shape> outputShapes, long params, List<String> connectedTo, int depth,
                         String nestedIn) {

    public SummaryRow {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(className, "className");
        outputShapes = List.copyOf(outputShapes);
        connectedTo = List.copyOf(connectedTo);
        if (depth < 0 || (depth == 0) != (nestedIn == null)) {
            throw new IllegalArgumentException("depth " + depth + " with nestedIn " + nestedIn);
        }
    }

    /** A row of the model itself (depth 0). */
    public SummaryRow(int lineNumber, String name, String className, boolean classNameCut,
                      List<Shape> outputShapes, long params, List<String> connectedTo) {
        this(lineNumber, name, className, classNameCut, outputShapes, params, connectedTo, 0, null);
    }

    /**
     * Whether the name was cut: Keras 3 ends a cut name with {@code …}; Keras up to 2.5 cut a long
     * {@code name (Class)} cell before the class began (then the class is empty and cut, and the
     * name may be cut too).
     */
    public boolean nameCut() {
        return name.endsWith(CellText.ELLIPSIS) || (classNameCut && className.isEmpty());
    }

    /** The printed name without Keras 3's {@code …}: what the layer's name starts with when cut. */
    public String namePrefix() {
        return name.endsWith(CellText.ELLIPSIS) ? name.substring(0, name.length() - CellText.ELLIPSIS.length())
                : name;
    }
}
