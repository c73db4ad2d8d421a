package org.keras2dl4j.validator;

/** One of the totals compared: total, trainable or non-trainable parameters. */
public record TotalCheck(String name, long expected, long actual) {

    public boolean matches() {
        return expected == actual;
    }
}
