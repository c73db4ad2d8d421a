package org.keras2dl4j.cli;

import java.util.List;
import org.keras2dl4j.keras.LayerSummary;
import org.keras2dl4j.keras.NetworkSummary;
import org.keras2dl4j.report.KerasTable;
import org.keras2dl4j.report.SummaryReport;
import org.keras2dl4j.validator.Comparison;
import org.keras2dl4j.validator.LayerCheck;

/**
 * A Keras-style summary table of the converted network with a verdict column from a comparison.
 * Each row is one row of the comparison's alignment, so a layer missing from either side shows on
 * its own row and the rows after it still pair the right layers (not the n-th with the n-th).
 */
final class ComparisonText {
    private ComparisonText() {
    }

    static String render(NetworkSummary summary, Comparison comparison) {
        KerasTable table = KerasTable.summaryWith("Verdict");
        for (LayerCheck check : comparison.layers()) {
            LayerSummary layer = check.actual().isEmpty() ? null : check.actual().get(0);
            if (layer == null) {
                table.row(List.of("(missing) " + check.name(), "", "", verdict(check)));
            } else {
                table.row(List.of(layer.name() + " (" + layer.className() + ")",
                        layer.outputShape() == null ? "?" : layer.outputShape().toString(),
                        Long.toString(layer.params()), verdict(check)));
            }
        }
        return "Model: \"" + summary.modelName() + "\"\n" + table.render() + SummaryReport.totals(summary)
                + table.closingRule();
    }

    private static String verdict(LayerCheck check) {
        return switch (check.status()) {
            case OK, OPTIONAL -> "ok";
            case EXTRA -> "NOT IN THE SUMMARY";
            case MISSING -> "MISSING: " + String.join("; ", check.problems());
            case DIFFERS -> "DIFFERS: " + String.join("; ", check.problems());
        };
    }
}
