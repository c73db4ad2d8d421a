package org.keras2dl4j.keras.layers;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.ShiftVertex;
import org.keras2dl4j.InvalidModelException;
import org.keras2dl4j.dl4j.LayerBuild;
import org.keras2dl4j.dl4j.Tensor;
import org.keras2dl4j.dl4j.blocks.Arithmetic;
import org.keras2dl4j.dl4j.blocks.ScalarOp;
import org.keras2dl4j.keras.LayerConfig;
import org.keras2dl4j.keras.LayerSpec;
import org.keras2dl4j.keras.Operand;
import org.keras2dl4j.keras.Shape;

/**
 * Plain arithmetic written in a functional model's Python, which Keras records as layers: Keras 2's
 * {@code TFOpLambda} for {@code tf.__operators__.add}, {@code tf.math.add/subtract/multiply/truediv/
 * divide/maximum/minimum} (the first tensor argument heads the inbound node, the other argument,
 * tensor or constant, is its {@code y} or {@code x} keyword; tf_keras/src/layers/core/tf_op_layer.py),
 * and Keras 3's {@code keras.src.ops.numpy} ops {@code Add}, {@code Subtract}, {@code Multiply},
 * {@code Divide}, {@code TrueDivide}, {@code Maximum}, {@code Minimum} (arguments in order). Between
 * two tensors: as a merge layer; with a scalar constant: DL4J's {@code ShiftVertex} for
 * {@code x + c} and {@code x - c}, {@code ScaleVertex} for {@code x * c}, keras2dl4j's {@link ScalarOp}
 * for the rest. Any other TF function or op is refused by name.
 */
final class ArithmeticOpType implements LayerType {

    /** The operation and its two operands in order. */
    private record Call(Arithmetic.Op op, Operand left, Operand right) {
    }

    @Override
    public Shape outputShape(LayerConfig layer, List<Shape> inputs) {
        Call call = call(layer);
        if (inputs.size() == 2) {
            return MergeType.broadcast(layer, inputs);
        }
        return inputs.get(0);
    }

    private static Call call(LayerConfig layer) {
        LayerSpec spec = layer.layer();
        Arithmetic.Op op = op(layer);
        List<Operand> operands = new ArrayList<>(spec.operands());
        if (Layers.isKeras3Op(spec)) {
            if (operands.size() != 2) {
                throw new InvalidModelException(layer.where() + ": expects 2 arguments, found " + operands);
            }
            return checked(layer, new Call(op, operands.get(0), operands.get(1)));
        }
        // TFOpLambda: the node's head tensor, and the other argument as keyword y (or x for c - t).
        JsonNode kwargs = spec.kwargs();
        if (operands.isEmpty()) {
            throw new InvalidModelException(layer.where() + ": has no tensor argument");
        }
        Operand head = operands.get(0);
        Operand other = operands.size() > 1 ? operands.get(1) : null;
        if (other == null && kwargs != null && kwargs.has("y")) {
            other = Operand.constant(kwargs.get("y"));
        }
        if (other == null && kwargs != null && kwargs.has("x")) {
            return checked(layer, new Call(op, Operand.constant(kwargs.get("x")), head));
        }
        if (other == null) {
            throw new InvalidModelException(layer.where() + ": has one argument, " + layer.string("function", null) + " takes two");
        }
        return checked(layer, new Call(op, head, other));
    }

    private static Call checked(LayerConfig layer, Call call) {
        for (Operand o : List.of(call.left(), call.right())) {
            if (!o.isTensor() && !o.constant().isNumber()) {
                throw new org.keras2dl4j.UnsupportedFeatureException(layer.where() + ": constant argument "
                        + o.constant() + " is not a single number; keras2dl4j converts arithmetic with scalars only");
            }
        }
        if (!call.left().isTensor() && !call.right().isTensor()) {
            throw new InvalidModelException(layer.where() + ": has no tensor argument");
        }
        return call;
    }

    private static Arithmetic.Op op(LayerConfig layer) {
        LayerSpec spec = layer.layer();
        String name = Layers.isKeras3Op(spec) ? spec.className() : layer.string("function", null);
        Arithmetic.Op op = switch (name == null ? "" : name) {
            case "Add", "__operators__.add", "math.add" -> Arithmetic.Op.ADD;
            case "Subtract", "__operators__.sub", "math.subtract" -> Arithmetic.Op.SUBTRACT;
            case "Multiply", "__operators__.mul", "math.multiply" -> Arithmetic.Op.MULTIPLY;
            case "Divide", "TrueDivide", "__operators__.truediv", "math.truediv", "math.divide" -> Arithmetic.Op.DIVIDE;
            case "Maximum", "math.maximum" -> Arithmetic.Op.MAXIMUM;
            case "Minimum", "math.minimum" -> Arithmetic.Op.MINIMUM;
            default -> null;
        };
        if (op == null) {
            throw new org.keras2dl4j.UnsupportedFeatureException(layer.where() + ": the TensorFlow function '" + name
                    + "' is not converted (keras2dl4j converts add, subtract, multiply, divide, maximum and minimum)");
        }
        return op;
    }

    @Override
    public void build(LayerBuild build) {
        Call call = call(build.config());
        if (call.left().isTensor() && call.right().isTensor()) {
            MergeType.elementwise(build, call.op(), build.inputs());
            return;
        }
        boolean constantFirst = !call.left().isTensor();
        double c = (constantFirst ? call.left() : call.right()).constant().asDouble();
        Tensor x = build.inputs().get(0);
        switch (call.op()) {
            case ADD -> build.vertex(null, new ShiftVertex(c), x);
            case MULTIPLY -> build.vertex(null, new ScaleVertex(c), x);
            case SUBTRACT -> {
                if (constantFirst) {
                    build.layer(new ScalarOp(call.op(), c, true), x);
                } else {
                    build.vertex(null, new ShiftVertex(-c), x);
                }
            }
            default -> build.layer(new ScalarOp(call.op(), c, constantFirst), x);
        }
    }
}
