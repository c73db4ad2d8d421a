package org.keras2dl4j.keras.layers;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.dl4j.Tensor;
import org.keras2dl4j.dl4j.blocks.Concatenation;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras {@code Concatenate}: inputs joined along {@code axis} (-1 by default). DL4J's
 * {@code MergeVertex} along the channels or features of images, sequences and vectors;
 * keras2dl4j's {@link Concatenation} along any other axis.
 */
final class ConcatenateType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        if (inputs.size() < 2) {
            throw new InvalidModelException(layer.where() + ": expects 2 or more inputs, found " + inputs.size());
        }
        Shape first = inputs.get(0);
        int index = axis(layer, first);
        List<Long> dims = new ArrayList<>(first.dims());
        long total = 0;
        boolean known = true;
        for (Shape other : inputs) {
            if (other.rank() != first.rank()) {
                throw new InvalidModelException(layer.where() + ": inputs " + first + " and " + other
                        + " differ in rank");
            }
            for (int i = 1; i < first.rank(); i++) {
                if (i != index && first.dim(i) != null && other.dim(i) != null && !first.dim(i).equals(other.dim(i))) {
                    throw new InvalidModelException(layer.where() + ": inputs " + first + " and " + other
                            + " differ outside axis " + index);
                }
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

    private static int axis(LayerConfig layer, Shape first) {
        int axis = (int) layer.number("axis", -1);
        int index = axis < 0 ? first.rank() + axis : axis;
        if (index <= 0 || index >= first.rank()) {
            throw layer.invalid("axis", "a non-batch axis of input " + first, Integer.toString(axis));
        }
        return index;
    }

    @Override
    public void build(LayerBuild build) {
        Tensor first = build.inputs().get(0);
        int axis = axis(build.config(), first.shape());
        Tensor[] from = build.inputs().toArray(new Tensor[0]);
        if (axis != channelAxis(first.type())) {
            build.vertex(null, new Concatenation(axis), from);
            return;
        }
        if (first.type() instanceof InputType.InputTypeConvolutional image) {
            // Every image in the first one's layout, so that DL4J joins the same axis of each.
            for (int i = 1; i < from.length; i++) {
                from[i] = build.asImage(from[i], image.getFormat());
            }
        }
        MergeVertex merge = new MergeVertex();
        merge.setMergeAxis(axis);
        build.vertex(null, merge, from);
    }

    /** The axis DL4J's MergeVertex joins for this type (channels of images, features of sequences). */
    private static int channelAxis(InputType type) {
        if (type instanceof InputType.InputTypeConvolutional c) {
            return c.getFormat() == org.deeplearning4j.nn.conf.CNN2DFormat.NHWC ? 3 : 1;
        }
        return type instanceof InputType.InputTypeRecurrent ? 2 : 1;
    }
}
