package org.keras2dl4j.keras.layers;

import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.dl4j.Tensor;
import org.keras2dl4j.dl4j.blocks.Arithmetic;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.Shape;

/**
 * Keras merge layers {@code Add}, {@code Subtract} (two inputs), {@code Multiply}, {@code Average},
 * {@code Maximum}, {@code Minimum}: elementwise over inputs of one rank whose shapes broadcast
 * (keras/src/layers/merging/base_merge.py, _compute_elemwise_op_output_shape). DL4J's
 * {@code ElementWiseVertex} when the shapes are equal, keras2dl4j's broadcasting {@link Arithmetic}
 * otherwise (and for Minimum, which DL4J lacks).
 */
final class MergeType implements LayerType {

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        if (inputs.size() < 2) {
            throw new InvalidModelException(layer.where() + ": expects 2 or more inputs, found " + inputs.size());
        }
        if (layer.layer().className().equals("Subtract") && inputs.size() != 2) {
            throw new InvalidModelException(layer.where() + ": expects 2 inputs, found " + inputs.size());
        }
        return broadcast(layer, inputs);
    }

    /** The broadcast of shapes of one rank; an unknown dimension stays unknown. */
    static Shape broadcast(LayerConfig layer, List<Shape> shapes) {
        Shape first = shapes.get(0);
        List<Long> dims = new ArrayList<>(first.dims());
        for (Shape other : shapes.subList(1, shapes.size())) {
            if (other.rank() != first.rank()) {
                throw new InvalidModelException(layer.where() + ": inputs " + first + " and " + other + " differ in rank");
            }
            for (int i = 1; i < dims.size(); i++) {
                Long a = dims.get(i);
                Long b = other.dim(i);
                if (a == null || b == null) {
                    dims.set(i, null);
                } else if (a == 1) {
                    dims.set(i, b);
                } else if (b != 1 && !a.equals(b)) {
                    throw new InvalidModelException(layer.where() + ": inputs " + first + " and " + other
                            + " have shapes that do not broadcast");
                }
            }
        }
        return new Shape(dims);
    }

    @Override
    public void build(LayerBuild build) {
        Arithmetic.Op op = switch (build.config().layer().className()) {
            case "Add" -> Arithmetic.Op.ADD;
            case "Subtract" -> Arithmetic.Op.SUBTRACT;
            case "Multiply" -> Arithmetic.Op.MULTIPLY;
            case "Average" -> Arithmetic.Op.AVERAGE;
            case "Maximum" -> Arithmetic.Op.MAXIMUM;
            case "Minimum" -> Arithmetic.Op.MINIMUM;
            default -> throw new IllegalStateException(build.config().layer().className());
        };
        elementwise(build, op, build.inputs());
    }

    /** {@code op} over {@code inputs}: DL4J's ElementWiseVertex for equal shapes, else {@link Arithmetic}. */
    static void elementwise(LayerBuild build, Arithmetic.Op op, List<Tensor> inputs) {
        ElementWiseVertex.Op dl4j = switch (op) {
            case ADD -> ElementWiseVertex.Op.Add;
            case SUBTRACT -> ElementWiseVertex.Op.Subtract;
            case MULTIPLY -> ElementWiseVertex.Op.Product;
            case AVERAGE -> ElementWiseVertex.Op.Average;
            case MAXIMUM -> ElementWiseVertex.Op.Max;
            default -> null;
        };
        Tensor first = inputs.get(0);
        boolean same = inputs.stream().allMatch(t -> t.shape().equals(first.shape()));
        Tensor[] from = new Tensor[inputs.size()];
        for (int i = 0; i < from.length; i++) {
            Tensor t = inputs.get(i);
            from[i] = same ? build.as(t, first.type(), "input_" + i) : t;
        }
        build.vertex(null, same && dl4j != null ? new ElementWiseVertex(dl4j) : new Arithmetic(op), from);
    }
}
