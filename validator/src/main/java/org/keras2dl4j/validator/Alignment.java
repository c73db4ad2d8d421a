package org.keras2dl4j.validator;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.keras2dl4j.keras.LayerSummary;
import org.keras2dl4j.keras.Shape;

/**
 * Aligns the expected rows with a view's layers as a sequence diff: an edit-distance alignment
 * whose steps pair a row with a layer (or with the layers of a nested model, which Keras shows as
 * one row and keras2dl4j flattens), leave a row without a layer ("missing from the model") or a
 * layer without a row ("not in the summary"). Each step has a cost; the alignment is the cheapest
 * (dynamic programming over both sequences, ties going to pairing):
 *
 * <ul>
 *   <li>pairing costs {@value #CLASS} when the class differs, {@value #SHAPE} when the output shape
 *       does not fit, {@value #PARAMS} when the parameter count differs, and {@value #NAME} when
 *       the name differs (names only break ties, such as which of several identical layers a
 *       summary lacks: Keras versions number layers differently, and no number of renamed layers
 *       outweighs one difference);</li>
 *   <li>a row or a layer (or a whole nested model) left unpaired costs {@value #GAP}; an
 *       {@code InputLayer} left unpaired costs {@value #GAP_INPUT} and is no difference at all
 *       (Keras's Sequential summaries have no InputLayer row, a Keras file's Sequential model
 *       may).</li>
 * </ul>
 *
 * So a pair differing in shape or count, or in both, is reported as one differing layer; a pair
 * differing in class and anything else costs more than two gaps and is reported as a missing and an
 * extra layer; a deleted or inserted row is one gap, and no shift of the rows after it is cheaper.
 */
final class Alignment {
    static final int CLASS = 250_000;
    static final int SHAPE = 100_000;
    static final int PARAMS = 100_000;
    static final int NAME = 1;
    static final int GAP = 150_000;
    static final int GAP_INPUT = 60_000;

    /** The classes the actual layers of a nested model are shown with: it has none of its own. */
    static final String NESTED_CLASS = "Model";

    private static final byte PAIR = 1;
    private static final byte PAIR_NESTED = 2;
    private static final byte SKIP_EXPECTED = 3;
    private static final byte SKIP_ACTUAL = 4;
    private static final byte SKIP_NESTED = 5;

    /**
     * One step of an alignment: the expected row's index (or -1) and the actual layers
     * {@code [from, to)} (from -1 when none); {@code nested} when those layers are a nested model's,
     * paired or left unpaired as one.
     */
    record Step(int expected, int from, int to, boolean nested) {
        boolean hasActual() {
            return from >= 0;
        }
    }

    private Alignment() {
    }

    static List<Step> align(List<ExpectedLayer> expected, List<LayerSummary> actual) {
        int n = expected.size();
        int m = actual.size();
        // runEnd[j]: the end of the run of layers of one nested model starting at j, or -1.
        int[] runEnd = new int[m];
        for (int j = 0; j < m; j++) {
            String nest = actual.get(j).nestedIn();
            runEnd[j] = -1;
            if (nest != null && (j == 0 || !nest.equals(actual.get(j - 1).nestedIn()))) {
                int k = j;
                while (k < m && nest.equals(actual.get(k).nestedIn())) {
                    k++;
                }
                runEnd[j] = k;
            }
        }
        LayerSummary[] nestedAt = new LayerSummary[m];
        for (int j = 0; j < m; j++) {
            if (runEnd[j] > 0) {
                nestedAt[j] = nested(actual, j, runEnd[j]);
            }
        }
        int w = m + 1;
        long[] cost = new long[(n + 1) * w];
        byte[] move = new byte[(n + 1) * w];
        for (int i = n; i >= 0; i--) {
            for (int j = m; j >= 0; j--) {
                if (i == n && j == m) {
                    continue;
                }
                long best = Long.MAX_VALUE;
                byte how = 0;
                if (i < n && j < m) {
                    long c = pairCost(expected.get(i), actual.get(j)) + cost[(i + 1) * w + j + 1];
                    if (c < best) {
                        best = c;
                        how = PAIR;
                    }
                    if (runEnd[j] > 0) {
                        c = nestedCost(expected.get(i), nestedAt[j]) + cost[(i + 1) * w + runEnd[j]];
                        if (c < best) {
                            best = c;
                            how = PAIR_NESTED;
                        }
                    }
                }
                if (i < n) {
                    long c = gap(expected.get(i).isInputLayer()) + cost[(i + 1) * w + j];
                    if (c < best) {
                        best = c;
                        how = SKIP_EXPECTED;
                    }
                }
                if (j < m) {
                    long c = gap(isInputLayer(actual.get(j))) + cost[i * w + j + 1];
                    if (c < best) {
                        best = c;
                        how = SKIP_ACTUAL;
                    }
                    if (runEnd[j] > 0) {
                        c = GAP + cost[i * w + runEnd[j]];
                        if (c < best) {
                            best = c;
                            how = SKIP_NESTED;
                        }
                    }
                }
                cost[i * w + j] = best;
                move[i * w + j] = how;
            }
        }
        List<Step> steps = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            switch (move[i * w + j]) {
                case PAIR -> steps.add(new Step(i++, j, ++j, false));
                case PAIR_NESTED -> {
                    steps.add(new Step(i++, j, runEnd[j], true));
                    j = runEnd[j];
                }
                case SKIP_EXPECTED -> steps.add(new Step(i++, -1, -1, false));
                case SKIP_ACTUAL -> steps.add(new Step(-1, j, ++j, false));
                case SKIP_NESTED -> {
                    steps.add(new Step(-1, j, runEnd[j], true));
                    j = runEnd[j];
                }
                default -> throw new IllegalStateException("alignment at " + i + ", " + j);
            }
        }
        return steps;
    }

    /** The layers {@code [from, to)} of one nested model, shown as Keras shows the nested model: one row. */
    static LayerSummary nested(List<LayerSummary> actual, int from, int to) {
        List<LayerSummary> layers = actual.subList(from, to);
        long params = layers.stream().mapToLong(LayerSummary::params).sum();
        long nonTrainable = layers.stream().mapToLong(LayerSummary::nonTrainableParams).sum();
        // Keras shows a nested model's output shape: its last layer's (the output of a Sequential block).
        return new LayerSummary(layers.get(0).nestedIn(), NESTED_CLASS, layers.get(layers.size() - 1).outputShape(),
                params, nonTrainable);
    }

    static boolean isInputLayer(LayerSummary layer) {
        return "InputLayer".equals(layer.className());
    }

    private static int gap(boolean inputLayer) {
        return inputLayer ? GAP_INPUT : GAP;
    }

    static int pairCost(ExpectedLayer expected, LayerSummary actual) {
        int cost = 0;
        if (!expected.classMatches(actual.className())) {
            cost += CLASS;
        }
        return cost + fieldCost(expected, actual);
    }

    static int nestedCost(ExpectedLayer expected, LayerSummary nested) {
        int cost = 0;
        if (!expected.isModel() && !expected.nameMatches(nested.name())) {
            cost += CLASS;
        }
        return cost + fieldCost(expected, nested);
    }

    private static int fieldCost(ExpectedLayer expected, LayerSummary actual) {
        int cost = 0;
        if (expected.outputShape() != null && !fits(expected.outputShape(), actual.outputShape())) {
            cost += SHAPE;
        }
        if (expected.params() != null && expected.params() != actual.params()) {
            cost += PARAMS;
        }
        if (!expected.nameMatches(actual.name())) {
            cost += NAME;
        }
        return cost;
    }

    /**
     * Whether {@code actual} is {@code expected}, where an open ({@code None}) dimension of the
     * expectation (a Keras summary of a model with open image sizes) fits any size the conversion
     * was given.
     */
    static boolean fits(Shape expected, Shape actual) {
        if (actual == null || expected.rank() != actual.rank()) {
            return false;
        }
        for (int d = 0; d < expected.rank(); d++) {
            if (expected.dim(d) != null && !Objects.equals(expected.dim(d), actual.dim(d))) {
                return false;
            }
        }
        return true;
    }
}
