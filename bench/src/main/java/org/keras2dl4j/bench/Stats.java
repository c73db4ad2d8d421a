package org.keras2dl4j.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Median and range of repeated measurements. */
record Stats(double median, double min, double max, int n) {

    static Stats of(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Stats(median, sorted.get(0), sorted.get(n - 1), n);
    }

    /** {@code 1.23 s (1.20-1.31)} with values scaled by {@code scale} and printed in {@code unit}. */
    String format(double scale, String unit) {
        if (n == 1) {
            return Report.number(median * scale) + " " + unit;
        }
        return Report.number(median * scale) + " " + unit + " (" + Report.number(min * scale) + "–"
                + Report.number(max * scale) + ")";
    }
}
