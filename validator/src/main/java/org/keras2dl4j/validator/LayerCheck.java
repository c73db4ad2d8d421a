package org.keras2dl4j.validator;

import java.util.List;
import org.keras2dl4j.keras.Shape;

/**
 * One layer compared: the expected side (from a Keras summary) and the actual side (from the
 * converted network), matched by position and class. {@link #problems()} lists what differs, each
 * with expected and actual values; a differing name alone is information ({@link #notes()}), since
 * Keras versions number layers differently ({@code conv2d_1} against {@code conv2d}).
 */
public record LayerCheck(
        int index,
        String expectedName,
        String actualName,
        String expectedClass,
        String actualClass,
        Shape expectedShape,
        Shape actualShape,
        Long expectedParams,
        Long actualParams,
        List<String> problems,
        List<String> notes) {

    public LayerCheck {
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    public boolean matches() {
        return problems.isEmpty();
    }

    /** The name to show for this row: the actual layer's, or the expected one's when it is missing. */
    public String name() {
        return actualName != null ? actualName : expectedName;
    }
}
