package org.keras2dl4j.keras;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A tensor shape the way Keras writes it: a tuple of dimensions where an unknown dimension (the
 * batch, usually) is {@code None}. {@link #toString()} prints {@code (None, 56, 56, 96)} exactly as
 * Keras's {@code model.summary()} does, with the one-element form {@code (None, 9216)}.
 *
 * <p>Output shapes include the batch dimension; weight shapes do not have one.
 */
public record Shape(List<Long> dims) {

    /** Unknown dimension marker in {@link #dims()}; printed as {@code None}. */
    public static final Long NONE = null;

    public Shape {
        dims = Collections.unmodifiableList(new ArrayList<>(Objects.requireNonNull(dims, "dims")));
    }

    /** A fully known shape, such as a weight's. */
    public static Shape of(long... dims) {
        List<Long> list = new ArrayList<>(dims.length);
        for (long d : dims) {
            list.add(d);
        }
        return new Shape(list);
    }

    /** A batch-first activation shape: {@code (None, d1, d2, ...)}. */
    public static Shape batchOf(long... dims) {
        List<Long> list = new ArrayList<>(dims.length + 1);
        list.add(NONE);
        for (long d : dims) {
            list.add(d);
        }
        return new Shape(list);
    }

    /** Number of dimensions. */
    public int rank() {
        return dims.size();
    }

    /** Dimension {@code i}; negative indexes count from the end as in Python. Null when unknown. */
    public Long dim(int i) {
        return dims.get(i < 0 ? dims.size() + i : i);
    }

    /** Whether every dimension is known. */
    public boolean isFullyKnown() {
        return !dims.contains(null);
    }

    /** Product of all dimensions; the shape must be fully known. */
    public long elementCount() {
        long n = 1;
        for (Long d : dims) {
            if (d == null) {
                throw new IllegalStateException("shape " + this + " has an unknown dimension");
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** The shape without its first (batch) dimension. */
    public Shape withoutBatch() {
        return new Shape(dims.subList(1, dims.size()));
    }

    /** Dimensions as a long array; the shape must be fully known. */
    public long[] toArray() {
        long[] out = new long[dims.size()];
        for (int i = 0; i < out.length; i++) {
            Long d = dims.get(i);
            if (d == null) {
                throw new IllegalStateException("shape " + this + " has an unknown dimension");
            }
            out[i] = d;
        }
        return out;
    }

    /** The shape of a long array such as ND4J's {@code shape()}. */
    public static Shape fromArray(long[] dims) {
        return new Shape(Arrays.stream(dims).boxed().toList());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            Long d = dims.get(i);
            sb.append(d == null ? "None" : d.toString());
        }
        if (dims.size() == 1) {
            sb.append(',');
        }
        return sb.append(')').toString();
    }
}
