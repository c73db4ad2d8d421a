package org.keras2dl4j.validator.summary;

/**
 * The way a Keras version lays out {@code model.summary()}. Keras 2 up to 2.12 (and Keras 1) prints
 * a text table ruled with {@code _} and {@code =} and totals with thousands separators; tf.keras
 * 2.13 and later (tf_keras 2.19 too) prints the same table with totals such as
 * {@code Total params: 34826 (136.04 KB)};
 * Keras 3 prints a box-drawn table through {@code rich}, preceded by {@code Model: "name"}.
 */
public enum SummaryLayout {
    /** Keras 1 and 2 up to 2.12: {@code _}/{@code =} rules, totals like {@code 62,380,776}. */
    KERAS2,
    /** tf.keras 2.13 and later: the Keras 2 table, totals like {@code 62380776 (237.96 MB)}. */
    KERAS2_13,
    /** Keras 3: a box-drawn table, counts with commas, totals with sizes. */
    KERAS3
}
