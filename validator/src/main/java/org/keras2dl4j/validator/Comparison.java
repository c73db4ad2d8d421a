package org.keras2dl4j.validator;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of validating a model: which views of it were compared with which expectation, the
 * aligned rows (one {@link LayerCheck} per aligned pair, missing row or extra layer), the totals
 * and notes that are no difference (a summary whose counts do not add up). {@link #problems()}
 * names every difference once, with expected and actual values; {@link #matches()} is the verdict.
 */
public record Comparison(String model, String expectedSource, List<ModelView> views, List<LayerCheck> layers,
        List<TotalCheck> totals, List<String> notes) {

    public Comparison {
        views = List.copyOf(views);
        layers = List.copyOf(layers);
        totals = List.copyOf(totals);
        notes = List.copyOf(notes);
    }

    public Comparison(String model, String expectedSource, List<ModelView> views, List<LayerCheck> layers,
            List<TotalCheck> totals) {
        this(model, expectedSource, views, layers, totals, List.of());
    }

    public boolean matches() {
        return layers.stream().allMatch(LayerCheck::matches) && totals.stream().allMatch(TotalCheck::matches);
    }

    /** Every difference, one line each, naming the layer (and its row) or the total. */
    public List<String> problems() {
        List<String> lines = new ArrayList<>();
        for (LayerCheck layer : layers) {
            lines.addAll(layer.problems());
        }
        for (TotalCheck total : totals) {
            if (!total.matches()) {
                lines.add(total.problem(views));
            }
        }
        return lines;
    }

    /** How many rows differ: layers that differ, are missing from the model or not expected. */
    public long differingLayers() {
        return layers.stream().filter(l -> !l.matches()).count();
    }

    /** How many rows were compared: rows the expectation and a view both have. */
    public long comparedLayers() {
        return layers.stream().filter(l -> l.status() == LayerCheck.Status.OK || l.status() == LayerCheck.Status.DIFFERS)
                .count();
    }
}
