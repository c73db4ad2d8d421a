package org.keras2dl4j.validator;

import java.util.List;
import java.util.Set;
import org.keras2dl4j.keras.LayerSummary;
import org.keras2dl4j.keras.Shape;
import org.keras2dl4j.validator.summary.SummaryRow;

/**
 * What one layer is expected to be: a row of a summary Keras printed (where the name and the class
 * may be cut at the column width and the shape may be unknown) or, without a summary, a layer of
 * the Keras file's view.
 *
 * @param row          1-based position in the expectation: the summary's row (counting every printed
 *                     row, nested ones too) or the Keras file's layer; 0 when not known
 * @param name         the name as printed; a name Keras 3 cut ends with {@code …}
 * @param nameCut      whether the name was cut, so that it matches as a prefix
 * @param className    the class as printed, or its printed prefix when cut
 * @param classNameCut whether the class was cut, so that it matches as a prefix
 * @param outputShape  the output shape; null when unknown or when the layer has several outputs
 * @param params       the parameter count; null when not expected
 * @param nestedIn     the nested model of the Keras model this layer belongs to (a row of an
 *                     expanded nested model, or a layer of the Keras file inside one), else null
 */
public record ExpectedLayer(int row, String name, boolean nameCut, String className, boolean classNameCut,
        Shape outputShape, Long params, String nestedIn) {

    /** The class names Keras prints for a nested model's row. */
    private static final Set<String> MODEL_CLASSES = Set.of("Sequential", "Functional", "Model");
    private static final String ELLIPSIS = "\u2026";

    /** An expected layer of the model itself, named in full (the form before rows were numbered). */
    public ExpectedLayer(String name, String className, boolean classNameCut, Shape outputShape, Long params) {
        this(0, name, false, className, classNameCut, outputShape, params, null);
    }

    static ExpectedLayer of(SummaryRow row, int number, String nestedIn) {
        List<Shape> shapes = row.outputShapes();
        Shape shape = shapes.size() == 1 ? shapes.get(0) : null;
        return new ExpectedLayer(number, row.name(), row.nameCut(), row.className(), row.classNameCut(), shape,
                row.params(), nestedIn);
    }

    static ExpectedLayer of(LayerSummary layer, int number) {
        return new ExpectedLayer(number, layer.name(), false, layer.className(), false, layer.outputShape(),
                layer.params(), layer.nestedIn());
    }

    boolean classMatches(String actual) {
        return classNameCut ? actual.startsWith(className) : actual.equals(className);
    }

    /** The name matches: equal, or a prefix of {@code actual} when Keras cut it. */
    boolean nameMatches(String actual) {
        return nameCut ? actual.startsWith(namePrefix()) : actual.equals(name);
    }

    /** The printed name without Keras 3's {@code …}. */
    String namePrefix() {
        return name.endsWith(ELLIPSIS) ? name.substring(0, name.length() - ELLIPSIS.length()) : name;
    }

    /** Whether this row is a nested model's (Sequential, Functional, Model; or their cut prefix). */
    boolean isModel() {
        if (classNameCut) {
            return !className.isEmpty() && MODEL_CLASSES.stream().anyMatch(c -> c.startsWith(className));
        }
        return MODEL_CLASSES.contains(className);
    }

    boolean isInputLayer() {
        return classNameCut ? !className.isEmpty() && "InputLayer".startsWith(className) : className.equals("InputLayer");
    }

    /** {@code Conv2D} or, when Keras cut it, {@code Batch...}. */
    String classText() {
        return classNameCut ? className + "..." : className;
    }
}
