package org.keras2dl4j.validator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.keras2dl4j.keras.LayerSummary;

/**
 * One layer compared: what was expected (null when the model has more layers than expected), and
 * what each view shows (a null entry when that view has fewer layers). {@link #problems()} lists
 * every difference with expected and actual values; a differing name is a note, not a problem,
 * since Keras versions number layers differently ({@code conv2d_1} against {@code conv2d}).
 */
public record LayerCheck(int index, ExpectedLayer expected, List<LayerSummary> actual, List<String> problems,
        List<String> notes) {

    public LayerCheck {
        actual = Collections.unmodifiableList(new ArrayList<>(actual));
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    public boolean matches() {
        return problems.isEmpty();
    }

    /** The layer's name for reports: the first view's, or the expected one when no view has it. */
    public String name() {
        return actual.stream().filter(a -> a != null).map(LayerSummary::name).findFirst()
                .orElse(expected == null ? "?" : expected.name());
    }

    /** The layer's class for reports. */
    public String className() {
        return actual.stream().filter(a -> a != null).map(LayerSummary::className).findFirst()
                .orElse(expected == null ? "?" : expected.classText());
    }
}
