package org.keras2dl4j.cli;

import java.util.List;
import org.keras2dl4j.keras.LayerSummary;
import org.keras2dl4j.keras.NetworkSummary;
import org.keras2dl4j.report.KerasTable;
import org.keras2dl4j.report.SummaryReport;
import org.keras2dl4j.validator.Comparison;
import org.keras2dl4j.validator.LayerCheck;

/** A Keras-style summary table of the converted network with a verdict column from a comparison. */
final class ComparisonText {
    private ComparisonText() {
    }

    static String render(NetworkSummary summary, Comparison comparison) {
        KerasTable table = KerasTable.summaryWith("Verdict");
        List<LayerCheck> checks = comparison.layers();
        for (int i = 0; i < checks.size(); i++) {
            LayerCheck check = checks.get(i);
            LayerSummary layer = i < summary.layers().size() ? summary.layers().get(i) : null;
            String verdict = check.matches() ? "ok" : "DIFFERS: " + String.join("; ", check.problems());
            if (layer == null) {
                table.row(List.of("(missing) " + check.name(), "", "", verdict));
            } else {
                table.row(List.of(layer.name() + " (" + layer.className() + ")",
                        layer.outputShape() == null ? "?" : layer.outputShape().toString(),
                        Long.toString(layer.params()), verdict));
            }
        }
        return "Model: \"" + summary.modelName() + "\"\n" + table.render() + SummaryReport.totals(summary)
                + table.closingRule();
    }
}
