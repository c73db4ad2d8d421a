package org.keras2dl4j.validator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.keras2dl4j.keras.LayerSummary;

/**
 * One row of the alignment of the expectation with the model: an expected row and what each view
 * shows for it, or an expected row no view has ({@link Status#MISSING}), or a layer the expectation
 * does not have ({@link Status#EXTRA}). A nested model that Keras shows as one row and keras2dl4j
 * flattens is one check: its entry of {@link #actual()} stands for the nested model (named after
 * it, class {@code Sequential}/{@code Functional} as Keras printed it or {@code Model}, its last
 * layer's output shape, the sum of its layers' parameters), and {@link #nestedLayers()} lists the
 * layers it stands for.
 *
 * <p>{@link #problems()} lists the differences, one line each, naming the row and the layer, with
 * expected and actual values; a differing name is a note, not a problem, since Keras versions
 * number layers differently ({@code conv2d_1} against {@code conv2d}); a name Keras 3 cut with
 * {@code …} that starts the layer's name is not even a note. An {@code InputLayer} on one side only
 * ({@link Status#OPTIONAL}) is no difference: Keras's Sequential summaries print no InputLayer row.
 *
 * @param index        position in the alignment, from 0
 * @param expected     the expected row, or null for a layer the expectation does not have
 * @param actual       per view, the layer aligned with the row (or the nested model), or null
 * @param nestedLayers per view, the layers of a nested model {@link #actual()} stands for; empty for
 *                     a single layer or when that view has nothing here
 * @param problems     the differences, each line naming the row and layer
 * @param notes        remarks that are no difference (another name, an InputLayer on one side)
 */
public record LayerCheck(int index, ExpectedLayer expected, List<LayerSummary> actual,
        List<List<LayerSummary>> nestedLayers, List<String> problems, List<String> notes) {

    /** Where the row stands in the alignment. */
    public enum Status {
        /** Expected and present, no difference. */
        OK,
        /** Expected and present, with differences. */
        DIFFERS,
        /** Expected, and no view has it. */
        MISSING,
        /** A view has it, the expectation does not. */
        EXTRA,
        /** An InputLayer on one side only: not compared. */
        OPTIONAL
    }

    public LayerCheck {
        actual = Collections.unmodifiableList(new ArrayList<>(actual));
        List<List<LayerSummary>> lists = new ArrayList<>();
        for (List<LayerSummary> layers : nestedLayers) {
            lists.add(List.copyOf(layers));
        }
        nestedLayers = List.copyOf(lists);
        if (nestedLayers.size() != actual.size()) {
            throw new IllegalArgumentException("one list of nested layers per view");
        }
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    /** A check of single layers (no nested model). */
    public LayerCheck(int index, ExpectedLayer expected, List<LayerSummary> actual, List<String> problems,
            List<String> notes) {
        this(index, expected, actual, Collections.nCopies(actual.size(), List.of()), problems, notes);
    }

    public boolean matches() {
        return problems.isEmpty();
    }

    public Status status() {
        boolean present = actual.stream().anyMatch(Objects::nonNull);
        if (expected != null && present) {
            return problems.isEmpty() ? Status.OK : Status.DIFFERS;
        }
        if (expected == null ? Alignment.isInputLayer(first()) : expected.isInputLayer()) {
            return problems.isEmpty() ? Status.OPTIONAL : expected == null ? Status.EXTRA : Status.MISSING;
        }
        return expected == null ? Status.EXTRA : Status.MISSING;
    }

    /** Whether a view has a layer here under a name the expectation does not give (a note). */
    public boolean renamed() {
        return expected != null && actual.stream().anyMatch(a -> a != null && !expected.nameMatches(a.name()));
    }

    /** Whether this row is a nested model in some view. */
    public boolean nested() {
        return nestedLayers.stream().anyMatch(l -> !l.isEmpty());
    }

    /** The layer's name for reports: the first view's, or the expected one when no view has it. */
    public String name() {
        LayerSummary a = first();
        return a != null ? a.name() : expected == null ? "?" : expected.name();
    }

    /** The layer's class for reports. */
    public String className() {
        LayerSummary a = first();
        return a != null ? a.className() : expected == null ? "?" : expected.classText();
    }

    /** The row of the expectation, from 1; 0 for a layer the expectation does not have. */
    public int row() {
        return expected == null ? 0 : expected.row();
    }

    private LayerSummary first() {
        return actual.stream().filter(Objects::nonNull).findFirst().orElse(null);
    }
}
