package org.keras2dl4j.validator;

import java.util.ArrayList;
import java.util.List;

/**
 * One total compared ({@code Total params}, {@code Trainable params} or {@code Non-trainable
 * params}): the expected value, or null when nothing was expected of it, and each view's value.
 */
public record TotalCheck(String name, Long expected, List<Long> actual) {

    public TotalCheck {
        actual = List.copyOf(actual);
    }

    public boolean matches() {
        return expected == null || actual.stream().allMatch(expected::equals);
    }

    /**
     * The difference as one line: {@code Total params: expected 5, actual 62380776}, or each view's
     * value when the views disagree.
     */
    String problem(List<ModelView> views) {
        String values;
        if (actual.stream().distinct().count() == 1) {
            values = "actual " + actual.get(0);
        } else {
            List<String> each = new ArrayList<>();
            for (int v = 0; v < actual.size(); v++) {
                each.add(views.get(v).id() + " " + actual.get(v));
            }
            values = "actual " + String.join(", ", each);
        }
        return name + ": expected " + expected + ", " + values;
    }
}
