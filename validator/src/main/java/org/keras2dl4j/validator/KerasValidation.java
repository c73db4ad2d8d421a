package org.keras2dl4j.validator;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.keras2dl4j.KerasModels;
import org.keras2dl4j.io.KerasFiles;
import org.keras2dl4j.io.ModelFormat;
import org.keras2dl4j.keras.NetworkSummary;
import org.keras2dl4j.keras.Shape;
import org.keras2dl4j.validator.summary.KerasSummary;
import org.keras2dl4j.validator.summary.KerasSummaryParser;
import org.keras2dl4j.validator.summary.SummaryRow;

/**
 * Validates a Keras model (or a converted {@code .zip}) against what Keras says of it, for users'
 * own tests and CI jobs:
 *
 * <pre>{@code
 * KerasValidation.of(Path.of("alexnet.h5")).against(Path.of("alexnet.summary.txt")).assertMatches();
 * KerasValidation.of(Path.of("alexnet.h5")).expectParams(62_380_776).assertMatches();
 * }</pre>
 *
 * <p>Two views of the model are compared with the expectation: the Keras file itself (its config and
 * weight shapes, through Java shape inference; no ND4J, no weight values read), and the DL4J network
 * it converts to (DL4J's own shape propagation and parameter counts). {@link #fast()} keeps the
 * first only; a {@code .zip} has only the second. Without a summary or a parameter count, the DL4J
 * network is compared with the Keras file. Instances are immutable.
 */
public final class KerasValidation {
    private final Path model;
    private final Path weights;
    private final KerasSummary summary;
    private final String summarySource;
    private final Long expectedParams;
    private final boolean fast;
    private final List<Shape> inputShapes;

    private KerasValidation(Path model, Path weights, KerasSummary summary, String summarySource,
            Long expectedParams, boolean fast, List<Shape> inputShapes) {
        this.model = model;
        this.weights = weights;
        this.summary = summary;
        this.summarySource = summarySource;
        this.expectedParams = expectedParams;
        this.fast = fast;
        this.inputShapes = List.copyOf(inputShapes);
    }

    /** Validation of the model at {@code model}: a Keras .h5, a model JSON, or a .zip from convert. */
    public static KerasValidation of(Path model) {
        return new KerasValidation(model, null, null, null, null, false, List.of());
    }

    /** The weights-only .h5 of a model JSON. */
    public KerasValidation weights(Path weightsFile) {
        return new KerasValidation(model, weightsFile, summary, summarySource, expectedParams, fast, inputShapes);
    }

    /** Against the summary Keras printed, read from {@code summaryFile}. */
    public KerasValidation against(Path summaryFile) {
        return against(KerasSummaryParser.parse(summaryFile), summaryFile.toString());
    }

    public KerasValidation against(KerasSummary expected, String source) {
        return new KerasValidation(model, weights, expected, source, expectedParams, fast, inputShapes);
    }

    /** Expect this many parameters in total (trainable + non-trainable). */
    public KerasValidation expectParams(long totalParams) {
        return new KerasValidation(model, weights, summary, summarySource, totalParams, fast, inputShapes);
    }

    /**
     * The sizes of the model's open input dimensions (batch first, one per model input), which the
     * DL4J network needs (image sizes, sequence lengths the Keras model leaves open).
     */
    public KerasValidation inputShapes(List<Shape> shapes) {
        return new KerasValidation(model, weights, summary, summarySource, expectedParams, fast, shapes);
    }

    /** Check the Keras file only: no DL4J network is built and ND4J is never loaded. */
    public KerasValidation fast() {
        return new KerasValidation(model, weights, summary, summarySource, expectedParams, true, inputShapes);
    }

    /**
     * Runs the validation.
     *
     * @throws org.keras2dl4j.Keras2Dl4jException when the model or the summary cannot be read
     * @throws IllegalStateException when there is nothing to compare with
     */
    public Comparison validate() {
        List<ModelView> views = new ArrayList<>();
        boolean zip = weights == null && ModelFormat.of(model) == ModelFormat.ZIP;
        if (!zip) {
            views.add(new ModelView(ModelView.KERAS_FILE, "the Keras file (config and weight shapes)",
                    KerasFiles.inspect(model, weights, inputShapes).summary()));
        }
        if (!fast || zip) {
            views.add(new ModelView(ModelView.DL4J, "the converted DL4J network", KerasModels.summary(model, weights, inputShapes)));
        }
        String name = model.toString();
        if (summary == null && expectedParams == null) {
            if (views.size() < 2) {
                throw new IllegalStateException("nothing to validate " + name + " against: give a summary or a "
                        + "parameter count" + (fast ? ", or drop fast() to compare the DL4J network with the Keras file"
                        : ""));
            }
            NetworkSummary reference = views.get(0).summary();
            List<ExpectedLayer> layers = new ArrayList<>();
            for (int i = 0; i < reference.layers().size(); i++) {
                layers.add(ExpectedLayer.of(reference.layers().get(i), i + 1));
            }
            return Comparator.compare(name, "the Keras file", "Keras file", layers, totals(reference),
                    views.subList(1, views.size()), List.of());
        }
        return compare(name, views);
    }

    /** Compares views of a model, already made, with this validation's summary and parameter count. */
    Comparison compare(String name, List<ModelView> views) {
        List<ExpectedLayer> layers = summary == null ? null : expectedRows(summary);
        // Totals as printed (Total params without Keras 3's optimizer variables): when a summary's totals
        // do not add up, each line is compared for itself and the inconsistency is a note.
        Long[] totals = summary == null ? new Long[] {expectedParams, null, null}
                : new Long[] {summary.totalModelParams(), summary.trainableParams(), summary.nonTrainableParams()};
        String source = summary == null ? "--expect-params " + expectedParams : summarySource;
        List<String> notes = summary == null ? List.of() : summary.inconsistencies().stream()
                .map(s -> s + "; the rows are compared one by one").toList();
        Comparison comparison = Comparator.compare(name, source, "summary", layers, totals, views, notes);
        if (summary != null && expectedParams != null) {
            List<TotalCheck> checks = new ArrayList<>(comparison.totals());
            checks.add(new TotalCheck("Total params (expected count)", expectedParams,
                    checks.get(0).actual()));
            comparison = new Comparison(name, source + " and a count of " + expectedParams, views,
                    comparison.layers(), checks, comparison.notes());
        }
        return comparison;
    }

    /**
     * The rows a summary expects, numbered from 1 in printed order. A nested model Keras printed
     * expanded is expected as its layers (the rows of its frame or indented block, in turn expanded
     * nested models as theirs), each belonging to the nested model's row of the model itself; a
     * nested model printed as one row is expected as that row.
     */
    static List<ExpectedLayer> expectedRows(KerasSummary summary) {
        List<SummaryRow> rows = summary.rows();
        List<ExpectedLayer> layers = new ArrayList<>();
        String outer = null;
        for (int i = 0; i < rows.size(); i++) {
            SummaryRow row = rows.get(i);
            if (row.depth() == 0) {
                outer = row.name();
            }
            boolean expanded = i + 1 < rows.size() && rows.get(i + 1).depth() > row.depth();
            if (!expanded) {
                layers.add(ExpectedLayer.of(row, i + 1, row.depth() == 0 ? null : outer));
            }
        }
        return layers;
    }

    /**
     * Compares an already converted network's summary with a summary Keras printed (the command
     * line's main job does this with the network it has just converted).
     */
    public static Comparison compare(KerasSummary expected, String expectedSource, String model,
            NetworkSummary converted) {
        return of(Path.of(model)).against(expected, expectedSource).compare(model,
                List.of(new ModelView(ModelView.DL4J, "the converted DL4J network", converted)));
    }

    /** Runs the validation and throws an {@link AssertionError} listing every difference. */
    public Comparison assertMatches() {
        Comparison comparison = validate();
        if (!comparison.matches()) {
            throw new AssertionError(ValidationReport.text(comparison));
        }
        return comparison;
    }

    private static Long[] totals(NetworkSummary summary) {
        return new Long[] {summary.totalParams(), summary.trainableParams(), summary.nonTrainableParams()};
    }
}
