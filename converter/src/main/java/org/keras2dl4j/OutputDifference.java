package org.keras2dl4j;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How far an output is from the output Keras computed: the largest absolute difference and where it
 * is (the index tuple, batch first, with both values), and the largest relative difference
 * ({@code |actual - expected| / |expected|}, over the elements where Keras's value is not zero).
 * A NaN on one side only counts as an infinite difference.
 */
public record OutputDifference(
        long[] shape,
        double maxAbsolute,
        long[] worstIndex,
        double actualAtWorst,
        double expectedAtWorst,
        double maxRelative,
        long[] worstRelativeIndex) {

    /**
     * Compares two arrays of the same shape.
     *
     * @throws IllegalArgumentException when the shapes differ
     */
    public static OutputDifference of(INDArray actual, INDArray expected) {
        if (!Arrays.equals(actual.shape(), expected.shape())) {
            throw new IllegalArgumentException("shapes differ: " + Arrays.toString(actual.shape()) + " and "
                    + Arrays.toString(expected.shape()));
        }
        long[] shape = actual.shape();
        double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] e = expected.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double maxAbs = 0;
        int worst = 0;
        double maxRel = 0;
        int worstRel = 0;
        for (int i = 0; i < a.length; i++) {
            double diff = Math.abs(a[i] - e[i]);
            if (Double.isNaN(diff)) {
                diff = Double.isNaN(a[i]) && Double.isNaN(e[i]) ? 0 : Double.POSITIVE_INFINITY;
            }
            if (diff > maxAbs) {
                maxAbs = diff;
                worst = i;
            }
            if (e[i] != 0 && !Double.isNaN(e[i])) {
                double rel = diff / Math.abs(e[i]);
                if (rel > maxRel) {
                    maxRel = rel;
                    worstRel = i;
                }
            }
        }
        return new OutputDifference(shape, maxAbs, index(shape, worst), a.length == 0 ? 0 : a[worst],
                a.length == 0 ? 0 : e[worst], maxRel, index(shape, worstRel));
    }

    /** Whether every element is within {@code atol} of Keras's. */
    public boolean within(double atol) {
        return maxAbsolute <= atol;
    }

    /** A Python-style index tuple, e.g. {@code (1, 523)}. */
    public static String indexText(long[] index) {
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < index.length; i++) {
            text.append(i == 0 ? "" : ", ").append(index[i]);
        }
        return text.append(index.length == 1 ? ",)" : ")").toString();
    }

    private static long[] index(long[] shape, int flat) {
        long[] index = new long[shape.length];
        long rest = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            index[d] = shape[d] == 0 ? 0 : rest % shape[d];
            rest = shape[d] == 0 ? 0 : rest / shape[d];
        }
        return index;
    }
}
