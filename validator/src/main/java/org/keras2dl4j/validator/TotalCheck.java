package org.keras2dl4j.validator;

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
}
