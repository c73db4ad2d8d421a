package org.keras2dl4j.keras.layers;

import java.util.ArrayList;
import java.util.List;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras merge layers: {@code Add}, {@code Subtract}, {@code Multiply}, {@code Average},
 * {@code Maximum} (inputs of one shape, output of that shape), and {@code Concatenate} (joined along
 * {@code axis}, -1 by default).
 */
final class MergeType implements LayerType {
    private final boolean concatenate;

    MergeType(boolean concatenate) {
        this.concatenate = concatenate;
    }

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        if (inputs.size() < 2) {
            throw new InvalidModelException(layer.where() + ": expects 2 or more inputs, found " + inputs.size());
        }
        Shape first = inputs.get(0);
        if (!concatenate) {
            for (Shape other : inputs) {
                if (!other.equals(first)) {
                    throw new InvalidModelException(layer.where() + ": inputs " + first + " and " + other
                            + " differ in shape");
                }
            }
            return first;
        }
        int axis = (int) layer.number("axis", -1);
        int index = axis < 0 ? first.rank() + axis : axis;
        if (index <= 0 || index >= first.rank()) {
            throw layer.invalid("axis", "a non-batch axis of input " + first, Integer.toString(axis));
        }
        List<Long> dims = new ArrayList<>(first.dims());
        long total = 0;
        boolean known = true;
        for (Shape other : inputs) {
            if (other.rank() != first.rank()) {
                throw new InvalidModelException(layer.where() + ": inputs " + first + " and " + other
                        + " differ in rank");
            }
            Long d = other.dim(index);
            if (d == null) {
                known = false;
            } else {
                total += d;
            }
        }
        dims.set(index, known ? total : null);
        return new Shape(dims);
    }
}
